package watch

import "github.com/nuhw-explainer/kpstrikes/generator/internal/editortemp"

// IsTempName reports whether a base file name is an editor's temporary,
// swap, lock or backup file, or operating system litter; see
// [editortemp.Is]. The Watcher never reports such names, and site loading
// skips the same ones.
func IsTempName(name string) bool { return editortemp.Is(name) }
