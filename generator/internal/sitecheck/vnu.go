package sitecheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
)

// VNUMessage is one message of the Nu HTML checker's JSON output
// (`--format json`).
type VNUMessage struct {
	Type        string `json:"type"`    // "error", "info" or "non-document-error"
	SubType     string `json:"subType"` // e.g. "fatal", "io", "warning"
	URL         string `json:"url"`     // file:/abs/path/page.html
	FirstLine   int    `json:"firstLine"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	LastColumn  int    `json:"lastColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

// Line returns the 1-based line where the problem starts.
func (m VNUMessage) Line() int {
	if m.FirstLine > 0 {
		return m.FirstLine
	}
	return m.LastLine
}

// Column returns the 1-based column where the problem starts.
func (m VNUMessage) Column() int {
	if m.FirstColumn > 0 {
		return m.FirstColumn
	}
	return m.LastColumn
}

// File returns the checked file's path relative to dir (slash-separated),
// or the message's URL when the file is not under dir.
func (m VNUMessage) File(dir string) string {
	u, err := url.Parse(m.URL)
	if err != nil || u.Scheme != "file" {
		return m.URL
	}
	rel, err := filepath.Rel(dir, filepath.FromSlash(u.Path))
	if err != nil || strings.HasPrefix(rel, "..") {
		return u.Path
	}
	return filepath.ToSlash(rel)
}

// Format returns the message as `file:line:col: message`, with the file
// relative to dir, followed by the checker's extract of the source.
func (m VNUMessage) Format(dir string) string {
	s := fmt.Sprintf("%s:%d:%d: %s", m.File(dir), m.Line(), m.Column(), m.Message)
	if m.Type != "error" {
		s += " [" + m.Type + "]"
	}
	if ex := strings.TrimSpace(m.Extract); ex != "" {
		s += "\n\t" + strings.ReplaceAll(ex, "\n", "⏎")
	}
	return s
}

// RunVNU runs the Nu HTML checker (java -jar jar) over every HTML file under
// dir, and returns its errors (`--errors-only --skip-non-html`). It returns an
// error only when the checker could not run or its output could not be read;
// problems in the files are the messages.
func RunVNU(ctx context.Context, jar, dir string) ([]VNUMessage, error) {
	cmd := exec.CommandContext(ctx, "java", "-jar", jar,
		"--errors-only", "--skip-non-html", "--format", "json", dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		return nil, fmt.Errorf("running vnu.jar: %w", runErr)
	}
	// The JSON report goes to stderr; it is empty ({"messages":[]}) when
	// every file is valid.
	out := bytes.TrimSpace(stderr.Bytes())
	if len(out) == 0 {
		out = bytes.TrimSpace(stdout.Bytes())
	}
	var report struct {
		Messages []VNUMessage `json:"messages"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		return nil, fmt.Errorf("reading vnu.jar's report (%v): %w\n%s%s", runErr, err, stdout.Bytes(), stderr.Bytes())
	}
	if runErr != nil && len(report.Messages) == 0 {
		return nil, fmt.Errorf("vnu.jar failed without a message: %w\n%s", runErr, stdout.Bytes())
	}
	return report.Messages, nil
}
