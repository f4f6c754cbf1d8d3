// Command generator builds the explainer site: it turns the Markdown pages
// of content/ and the html/template layouts of layouts/ into a static site
// in public/.
//
// Usage:
//
//	generator build [--source DIR] [--dest DIR] [--base-url URL] [--drafts]
//	generator serve [--source DIR] [--dest DIR] [--bind ADDR] [--port N] [--open] [--drafts] [--poll DURATION]
//	generator check [--source DIR] [--strict] [--only KIND] [--format text|json]
//	generator new content/PATH.md [--title "…"]
//	generator import hugo|zola SRC [--dest DIR]
//	generator completion bash|zsh|fish
//	generator version
//	generator help [COMMAND]
//
// Every command's help ("generator help build") lists its options and
// examples; commands (build, serve, check, new) find the site by walking up
// from the working folder to the one holding content/site.yaml.
//
// Exit codes: 0 success, 1 the build or check failed, 2 bad usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/nuhw-explainer/kpstrikes/generator/site"
)

// errUsage marks a command-line mistake: exit status 2.
var errUsage = errors.New("usage")

// env is what a command may touch: its output streams and environment.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	color          bool   // colour on stderr
	outColor       bool   // colour on stdout
	dir            string // working folder; "" for the process's
	// flagsOut, when set, receives the flag set a command makes (help
	// and completion list options this way).
	flagsOut **flag.FlagSet
	// opener, when set, stands in for opening a web browser (tests).
	opener func(url string) error
	// ctx, when set, stops serve instead of SIGINT and SIGTERM (tests).
	ctx context.Context
	// firstPort, when set, replaces serve's default port 8080 (tests).
	firstPort int
}

func main() {
	e := &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	e.color = colorOn(isTerminal(os.Stderr), os.Getenv)
	e.outColor = colorOn(isTerminal(os.Stdout), os.Getenv)
	os.Exit(run(e, os.Args[1:]))
}

// run executes one command line and returns the exit status.
func run(e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage())
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "version", "--version", "-version":
		err = cmdVersion(e, rest)
	case "help", "--help", "-help", "-h":
		err = cmdHelp(e, rest)
	default:
		c := findCommand(cmd)
		if c == nil {
			fmt.Fprintf(e.stderr, "generator: unknown command %q%s\nRun \"generator help\" for the list of commands.\n", cmd, suggest(cmd, commandNames()))
			return 2
		}
		err = c.run(e, rest)
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, site.ErrInterrupted):
		return 130 // as a shell reports a process ended by Ctrl-C
	default:
		return 1
	}
}

// newFlags makes the flag set of a command; its usage is the command's
// help, printed to stdout.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // parse prints the help for --help, and its own message for mistakes
	if e.flagsOut != nil {
		*e.flagsOut = fs
	}
	return fs
}

var (
	flagUnknown  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^flag provided but not defined: -+(.*)$`) })
	flagBadValue = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:]+): (.*)$`)
	})
	flagNoValue = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^flag needs an argument: -+(.*)$`) })
)

// parse parses flags, allowing positional arguments before flags. A flag
// error is printed blaming the flag, and returned as errUsage.
func parse(e *env, fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				if c := findCommand(fs.Name()); c != nil {
					printCommandHelp(e.stdout, c, fs)
				}
				return nil, err
			}
			fmt.Fprintf(e.stderr, "generator %s: %s\nRun \"generator help %s\" for its options.\n", fs.Name(), flagError(fs, err), fs.Name())
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

// flagError rewrites an error of the flag package for people: options
// written --name, a did-you-mean for unknown ones.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if m := flagUnknown().FindStringSubmatch(msg); m != nil {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		hint := ""
		if best := closest(m[1], names); best != "" {
			hint = fmt.Sprintf(" (did you mean --%s?)", best)
		}
		return fmt.Sprintf("unknown option --%s%s", m[1], hint)
	}
	if m := flagBadValue().FindStringSubmatch(msg); m != nil {
		why := m[3]
		switch {
		case strings.Contains(why, "parse error") && strings.Contains(msg, "boolean"):
			why = "write true or false, or leave the value out"
		case strings.Contains(why, "parse error"):
			why = "not a number"
		case strings.Contains(why, "value out of range"):
			why = "number out of range"
		}
		return fmt.Sprintf("--%s %q: %s", m[2], m[1], why)
	}
	if m := flagNoValue().FindStringSubmatch(msg); m != nil {
		name := m[1]
		placeholder := "VALUE"
		if f := fs.Lookup(name); f != nil {
			if p, _ := flag.UnquoteUsage(f); p != "" {
				placeholder = p
			}
		}
		return fmt.Sprintf("--%s needs a value: --%s %s", name, name, placeholder)
	}
	return msg
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
// paint colours text for stderr; paintOut for stdout. Each stream has its
// own setting: one may be a terminal and the other a file.
func (e *env) paint(code, s string) string {
	if !e.color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (e *env) paintOut(code, s string) string {
	if !e.outColor {
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
