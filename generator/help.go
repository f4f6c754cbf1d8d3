package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/nearest"
)

// command is one subcommand: its help and what runs it.
type command struct {
	name     string
	synopsis string   // after "generator "
	summary  string   // one line, for the command list
	about    string   // a paragraph, for its help
	examples []string // command lines with a comment each
	run      func(*env, []string) error
}

// commands lists the subcommands in the order help shows them.
func commands() []*command {
	return []*command{
		{name: "build", run: cmdBuild,
			synopsis: "build [--source DIR] [--dest DIR] [--base-url URL] [--drafts] [--links strict|warn]",
			summary:  "build the site into public/",
			about: "Builds every page into public/ (or --dest). A failed build prints every problem as path:line:col and leaves\n" +
				"the previous public/ exactly as it was.",
			examples: []string{
				"generator build                                     # into public/, links relative: works anywhere",
				"generator build --base-url https://example.org/kp/  # also feeds, sitemap and canonical links",
			}},
		{name: "serve", run: cmdServe,
			synopsis: "serve [--source DIR] [--dest DIR] [--bind ADDR] [--port N] [--open] [--drafts] [--poll DURATION]",
			summary:  "build, preview on http://127.0.0.1:8080/ and rebuild on every save",
			about: "Builds the site, serves it and rebuilds on every save; open pages reload by themselves. When port 8080 is\n" +
				"taken, the next free one is used (an explicit --port must be free). Ctrl-C stops.",
			examples: []string{
				"generator serve                   # preview at http://127.0.0.1:8080/",
				"generator serve --open --drafts   # open the browser, show draft pages too",
				"generator serve --bind 0.0.0.0    # let phones on the same network see it",
			}},
		{name: "check", run: cmdCheck,
			synopsis: "check [--source DIR] [--strict] [--only KIND] [--format text|json]",
			summary:  "report every problem in the site without writing anything",
			about: "Builds without writing and reports every problem, one path:line:col: error|warning: message per line,\n" +
				"then a summary by kind and by file when there are many. Warnings fail only with --strict.",
			examples: []string{
				"generator check                  # everything",
				"generator check --only links     # broken links only",
				"generator check --format json    # for tools",
			}},
		{name: "new", run: cmdNew,
			synopsis: `new content/PATH.md [--title "…"] [--source DIR] | new --translate CODE content/PATH.md [--slug NAME] [--force] | new --refresh content/CODE/PATH.md…`,
			summary:  "create a new page, or a translation of one, with its front matter filled in",
			about: "Creates a draft page (draft: true, today's date) and prints the address it will have. Spaces and\n" +
				"accents in the name become a clean address; it never overwrites a file.\n" +
				"With --translate, creates the translation of a page into another language of the site, as\n" +
				"content/CODE/…: the original's front matter (less slug, url and aliases) with translation_of and\n" +
				"translation_hash filled in, and the original's text below to translate.\n" +
				"With --refresh, marks translations as current after you brought them up to date with their\n" +
				"original: only their translation_hash line changes.",
			examples: []string{
				`generator new content/faq-pensions.md --title "Pensions FAQ"`,
				`generator new "content/Questions fréquentes.md"   # becomes content/questions-frequentes.md`,
				`generator new --translate es content/settlement.md --slug acuerdo   # creates content/es/acuerdo.md`,
				`generator new --refresh content/es/acuerdo.md   # after updating the translation`,
			}},
		{name: "import", run: cmdImport,
			synopsis: "import hugo|zola SRC [--dest DIR]",
			summary:  "convert a Hugo or Zola site into this layout",
			about: "Converts the pages, links, aliases, page bundles and settings of a Hugo or Zola site into a new folder,\n" +
				"and lists, as path:line, what it could not convert (shortcodes, render hooks, themes). SRC is never changed.",
			examples: []string{
				"generator import hugo ../old-blog --dest ../new-blog",
				"generator import zola ../zola-site",
			}},
		{name: "completion", run: cmdCompletion,
			synopsis: "completion bash|zsh|fish",
			summary:  "print a shell completion script",
			about:    "Prints a script that completes commands and options in your shell.",
			examples: []string{
				"source <(generator completion bash)                                # bash, this session",
				"generator completion zsh > \"${fpath[1]}/_generator\"                # zsh",
				"generator completion fish > ~/.config/fish/completions/generator.fish",
			}},
		{name: "version", run: cmdVersion,
			synopsis: "version",
			summary:  "print the version, the source revision and the Go version",
			about:    "Prints the module version, the version control revision and time it was built from, and the Go version."},
		{name: "help", run: cmdHelp,
			synopsis: "help [COMMAND]",
			summary:  "print the list of commands, or one command's help",
			about:    "Prints the list of commands, or a command's options and examples (also COMMAND --help)."},
	}
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func commandNames() []string {
	var out []string
	for _, c := range commands() {
		out = append(out, c.name)
	}
	return out
}

// usage is the list of commands.
func usage() string {
	var b strings.Builder
	b.WriteString("generator builds the explainer site from content/ and layouts/.\n\nUsage:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  generator %-11s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun \"generator help COMMAND\" (or \"generator COMMAND --help\") for a command's options and examples.\n")
	return b.String()
}

// printCommandHelp prints a command's synopsis, description, options
// (written --name) and examples.
func printCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: generator %s\n\n%s\n", c.synopsis, c.about)
	if fs != nil {
		var rows [][2]string
		fs.VisitAll(func(f *flag.Flag) {
			name, text := flag.UnquoteUsage(f)
			left := "--" + f.Name
			if name != "" {
				left += " " + name
			}
			if def := f.DefValue; def != "" && def != "false" && def != "0" && def != "0s" {
				text += fmt.Sprintf(" (default %s)", def)
			}
			rows = append(rows, [2]string{left, text})
		})
		if len(rows) > 0 {
			width := 0
			for _, r := range rows {
				width = max(width, len(r[0]))
			}
			fmt.Fprintln(w, "\nOptions:")
			for _, r := range rows {
				fmt.Fprintf(w, "  %-*s  %s\n", width, r[0], r[1])
			}
		}
	}
	if len(c.examples) > 0 {
		fmt.Fprintln(w, "\nExamples:")
		for _, ex := range c.examples {
			fmt.Fprintf(w, "  %s\n", ex)
		}
	}
}

// commandFlags returns the flag set a command would parse with, for help
// and completion: its parse of --help, caught.
func commandFlags(c *command) *flag.FlagSet {
	var got *flag.FlagSet
	probe := &env{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }, flagsOut: &got}
	_ = c.run(probe, []string{"--help"})
	return got
}

func cmdHelp(e *env, args []string) error {
	switch len(args) {
	case 0:
		fmt.Fprint(e.stdout, usage())
		return nil
	case 1:
		c := findCommand(args[0])
		if c == nil {
			fmt.Fprintf(e.stderr, "generator help: unknown command %q%s\n", args[0], suggest(args[0], commandNames()))
			return errUsage
		}
		printCommandHelp(e.stdout, c, commandFlags(c))
		return nil
	}
	fmt.Fprintln(e.stderr, "generator help: name one command, such as: generator help build")
	return errUsage
}

// cmdVersion prints what runtime/debug.ReadBuildInfo knows of this
// binary: the module version (set by go install m@v), the VCS revision
// and time (set by go build in a checkout), and the Go version.
func cmdVersion(e *env, args []string) error {
	fs := newFlags(e, "version")
	rest, err := parse(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "generator version: unexpected argument %q\n", rest[0])
		return errUsage
	}
	fmt.Fprintln(e.stdout, versionLine(debug.ReadBuildInfo()))
	return nil
}

func versionLine(info *debug.BuildInfo, ok bool) string {
	if !ok {
		return "generator (unknown version: built without module information)"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	line := "generator " + v
	if rev := settings["vcs.revision"]; rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		line += " " + rev
		if settings["vcs.modified"] == "true" {
			line += "+modified"
		}
		if t := settings["vcs.time"]; t != "" {
			line += " (" + t + ")"
		}
	}
	return line + " " + info.GoVersion
}

// suggest returns ` (did you mean "x"?)` for the candidate closest to s,
// or "".
func suggest(s string, candidates []string) string {
	if best := closest(s, candidates); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// closest returns the candidate closest to s within a few edits, or "".
// Between equally close candidates, one starting with the same letter as
// s wins (--sorce is --source, not --force).
func closest(s string, candidates []string) string {
	first := make([]string, 0, len(candidates))
	var rest []string
	for _, c := range candidates {
		if s != "" && c != "" && c[0] == s[0] {
			first = append(first, c)
		} else {
			rest = append(rest, c)
		}
	}
	return nearest.Name(s, append(first, rest...), max(1, min(3, len(s)/2)))
}

// sortedFlagNames lists a flag set's options.
func sortedFlagNames(fs *flag.FlagSet) []string {
	var out []string
	if fs != nil {
		fs.VisitAll(func(f *flag.Flag) { out = append(out, f.Name) })
	}
	sort.Strings(out)
	return out
}
