// Command generator builds the explainer site: it turns the Markdown pages
// of content/ and the html/template layouts of layouts/ into a static site
// in public/.
//
// Usage:
//
//	generator build [--source DIR] [--dest DIR] [--base-url URL] [--drafts]
//	generator serve [--source DIR] [--dest DIR] [--bind ADDR] [--port N] [--drafts] [--poll DURATION]
//	generator check [--source DIR] [--strict]
//	generator new content/PATH.md [--title "…"]
//	generator version
//
// Exit codes: 0 success, 1 the build or check failed, 2 bad usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// version is the generator's version, printed by --version.
const version = "0.1.0"

const usage = `generator builds the explainer site from content/ and layouts/.

Usage:
  generator build   build the site into public/
  generator serve   build, serve on http://127.0.0.1:8080/ and rebuild on every save
  generator check   report every problem in the site without writing anything
  generator new     create a new page with its front matter filled in
  generator version print the version

Run "generator COMMAND --help" for a command's options.
`

// errUsage marks a command-line mistake: exit status 2.
var errUsage = errors.New("usage")

// env is what a command may touch: its output streams and environment.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	color          bool
}

func main() {
	e := &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	e.color = colorOn(isTerminal(os.Stderr), os.Getenv)
	os.Exit(run(e, os.Args[1:]))
}

// run executes one command line and returns the exit status.
func run(e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build":
		err = cmdBuild(e, rest)
	case "serve":
		err = cmdServe(e, rest)
	case "check":
		err = cmdCheck(e, rest)
	case "new":
		err = cmdNew(e, rest)
	case "import":
		err = cmdImport(e, rest)
	case "version", "--version", "-version", "-v":
		fmt.Fprintf(e.stdout, "generator %s\n", version)
	case "help", "--help", "-help", "-h":
		fmt.Fprint(e.stdout, usage)
	default:
		fmt.Fprintf(e.stderr, "generator: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		return 1
	}
}

// newFlags makes a flag set that prints its usage to e.stderr.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: generator %s\n\nOptions:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, allowing positional arguments before flags, and
// turns flag errors into errUsage.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// colorOn decides whether to colour output: only on a terminal, and never
// when NO_COLOR is set or TERM is dumb.
func colorOn(terminal bool, getenv func(string) string) bool {
	return terminal && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// paint wraps s in an ANSI colour when colour is on.
func (e *env) paint(code, s string) string {
	if !e.color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	return fmt.Sprintf("%d %ss", n, word)
}
