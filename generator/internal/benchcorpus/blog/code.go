package blog

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/benchcorpus"
)

// codeLangs are the fence languages of the corpus's code blocks.
var codeLangs = []string{"go", "sh", "json", "yaml", "python", "rust"}

// codeBlock returns a fenced block in lang, 4 to 60 lines long, with names
// and numbers of its own so that no two blocks are alike.
func codeBlock(r *rand.Rand, lang string) string {
	name := func() string { return strings.ReplaceAll(benchcorpus.Pick(r, words), "'", "") }
	title := benchcorpus.Capitalize
	lines := 2 + r.IntN(20)
	var b strings.Builder
	switch lang {
	case "go":
		n, t := name(), title(name())
		fmt.Fprintf(&b, "package %s\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n)\n\n", n)
		fmt.Fprintf(&b, "// %s holds the %s of one %s.\ntype %s struct {\n\tName  string\n\tCount int\n\tLimit float64 // %s\n}\n\n", t, name(), name(), t, name())
		fmt.Fprintf(&b, "func (x *%s) %s(items []string) (int, error) {\n\tif len(items) == 0 {\n\t\treturn 0, errors.New(\"no %s\")\n\t}\n", t, title(name()), name())
		for k := range lines {
			fmt.Fprintf(&b, "\tif x.Count > %d {\n\t\tfmt.Printf(\"%%s: %%d\\n\", items[%d%%len(items)], x.Count)\n\t}\n", r.IntN(1000), k)
		}
		b.WriteString("\treturn x.Count, nil\n}")
	case "sh":
		fmt.Fprintf(&b, "#!/bin/sh\nset -eu\n%s_DIR=\"${HOME}/%s\"\n", strings.ToUpper(name()), name())
		for range lines {
			switch r.IntN(4) {
			case 0:
				fmt.Fprintf(&b, "mkdir -p \"$%s_DIR/%s\"\n", "TMP", name())
			case 1:
				fmt.Fprintf(&b, "for f in *.%s; do echo \"$f\" | grep -c '%s' || true; done\n", name()[:2], name())
			case 2:
				fmt.Fprintf(&b, "curl -fsSL https://example.org/%s/%d | tar -xz -C /tmp  # %s\n", name(), r.IntN(99), name())
			default:
				fmt.Fprintf(&b, "if [ -f %s.conf ]; then\n  . ./%s.conf\nfi\n", name(), name())
			}
		}
		fmt.Fprintf(&b, "exit %d", r.IntN(2))
	case "json":
		fmt.Fprintf(&b, "{\n  \"%s\": \"%s\",\n  \"version\": %d,\n  \"items\": [\n", name(), name(), r.IntN(20))
		for k := range lines {
			sep := ","
			if k == lines-1 {
				sep = ""
			}
			fmt.Fprintf(&b, "    {\"id\": %d, \"name\": \"%s\", \"ok\": %v, \"ratio\": %.3f}%s\n", r.IntN(100000), name(), r.IntN(2) == 0, r.Float64(), sep)
		}
		b.WriteString("  ]\n}")
	case "yaml":
		fmt.Fprintf(&b, "# %s settings\nname: %s\nreplicas: %d\n%s:\n", name(), name(), r.IntN(9), name())
		for range lines {
			fmt.Fprintf(&b, "  - %s: \"%s\"\n    weight: %d\n    enabled: %v\n", name(), name(), r.IntN(100), r.IntN(2) == 0)
		}
		fmt.Fprintf(&b, "timeout: %ds", r.IntN(120))
	case "python":
		t := title(name())
		fmt.Fprintf(&b, "import collections\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass %s:\n    name: str\n    weight: float = %d.5\n\n\n", t, r.IntN(99))
		fmt.Fprintf(&b, "def %s_%s(items, limit=%d):\n    \"\"\"Count the %s entries.\"\"\"\n    counts = collections.Counter()\n", name(), name(), r.IntN(99), name())
		for range lines {
			fmt.Fprintf(&b, "    if len(items) > %d:\n        counts[\"%s\"] += items.count(\"%s\")  # %s\n", r.IntN(50), name(), name(), name())
		}
		fmt.Fprintf(&b, "    return [%s(k, float(v)) for k, v in counts.most_common(limit)]", t)
	case "rust":
		t := title(name())
		fmt.Fprintf(&b, "use std::collections::HashMap;\n\n/// A %s of %s.\n#[derive(Debug, Clone)]\npub struct %s {\n    name: String,\n    count: u32,\n}\n\n", name(), name(), t)
		fmt.Fprintf(&b, "impl %s {\n    pub fn %s(&mut self, items: &[&str]) -> HashMap<String, u32> {\n        let mut seen = HashMap::new();\n", t, name())
		for range lines {
			fmt.Fprintf(&b, "        if self.count > %d {\n            *seen.entry(\"%s\".to_string()).or_insert(0) += 1;\n        }\n", r.IntN(1000), name())
		}
		b.WriteString("        seen\n    }\n}")
	}
	return "```" + lang + "\n" + b.String() + "\n```"
}
