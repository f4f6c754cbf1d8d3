package main

import (
	"fmt"
	"strings"
)

// cmdCompletion prints a completion script for bash, zsh or fish. The
// scripts list the commands and each command's options, taken from the
// commands' own flag sets, so they never drift from the binary.
func cmdCompletion(e *env, args []string) error {
	fs := newFlags(e, "completion")
	rest, err := parse(e, fs, args)
	if err != nil {
		return err
	}
	shells := []string{"bash", "zsh", "fish"}
	if len(rest) != 1 {
		fmt.Fprintln(e.stderr, "generator completion: name a shell: generator completion bash|zsh|fish")
		return errUsage
	}
	opts := map[string][]string{}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
		if c.name == "completion" {
			continue
		}
		for _, f := range sortedFlagNames(commandFlags(c)) {
			opts[c.name] = append(opts[c.name], "--"+f)
		}
	}
	switch rest[0] {
	case "bash":
		fmt.Fprint(e.stdout, bashCompletion(names, opts))
	case "zsh":
		fmt.Fprint(e.stdout, "#compdef generator\n"+"autoload -U +X bashcompinit && bashcompinit\n"+bashCompletion(names, opts))
	case "fish":
		fmt.Fprint(e.stdout, fishCompletion(names, opts))
	default:
		fmt.Fprintf(e.stderr, "generator completion: unknown shell %q%s: use bash, zsh or fish\n", rest[0], suggest(rest[0], shells))
		return errUsage
	}
	return nil
}

func bashCompletion(names []string, opts map[string][]string) string {
	var b strings.Builder
	b.WriteString("# generator completion for bash (and zsh through bashcompinit).\n")
	b.WriteString("_generator() {\n")
	b.WriteString("  local cur=${COMP_WORDS[COMP_CWORD]}\n")
	b.WriteString("  if [ \"$COMP_CWORD\" -eq 1 ]; then\n")
	fmt.Fprintf(&b, "    COMPREPLY=($(compgen -W %q -- \"$cur\"))\n", strings.Join(names, " "))
	b.WriteString("    return\n  fi\n")
	b.WriteString("  case \"${COMP_WORDS[1]}\" in\n")
	for _, n := range names {
		words := strings.Join(opts[n], " ")
		switch n {
		case "help":
			words = strings.Join(names, " ")
		case "completion":
			words = "bash zsh fish"
		case "import":
			words = "hugo zola " + words
		}
		fmt.Fprintf(&b, "    %s)\n      case \"$cur\" in\n        -*|%s) COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n        *) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n      esac ;;\n", n, firstWordsPattern(n), words)
	}
	b.WriteString("  esac\n}\ncomplete -F _generator generator\n")
	return b.String()
}

// firstWordsPattern matches the words that complete from the list rather
// than as file names.
func firstWordsPattern(cmd string) string {
	switch cmd {
	case "help", "completion", "version":
		return "*"
	case "import":
		return "h*|z*"
	}
	return "--*"
}

func fishCompletion(names []string, opts map[string][]string) string {
	var b strings.Builder
	b.WriteString("# generator completion for fish.\n")
	fmt.Fprintf(&b, "complete -c generator -f -n __fish_use_subcommand -a %q\n", strings.Join(names, " "))
	for _, n := range names {
		for _, o := range opts[n] {
			fmt.Fprintf(&b, "complete -c generator -n '__fish_seen_subcommand_from %s' -l %s\n", n, strings.TrimPrefix(o, "--"))
		}
	}
	fmt.Fprintf(&b, "complete -c generator -f -n '__fish_seen_subcommand_from help' -a %q\n", strings.Join(names, " "))
	b.WriteString("complete -c generator -f -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n")
	b.WriteString("complete -c generator -f -n '__fish_seen_subcommand_from import' -a 'hugo zola'\n")
	return b.String()
}
