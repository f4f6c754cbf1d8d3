package watch_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nuhw-explainer/kpstrikes/generator/watch"
)

func Example() {
	site, _ := os.MkdirTemp("", "site")
	defer os.RemoveAll(site)
	content := filepath.Join(site, "content")
	os.Mkdir(content, 0o755)

	w, err := watch.New(watch.Options{
		Roots:   []string{content, filepath.Join(site, "layouts")}, // layouts may come later
		OnError: func(err error) { fmt.Fprintln(os.Stderr, err) },
	})
	if err != nil {
		panic(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	batches := make(chan watch.Batch)
	go w.Run(ctx, batches)

	os.WriteFile(filepath.Join(content, "page.md"), []byte("hello"), 0o644)
	os.WriteFile(filepath.Join(content, ".page.md.swp"), []byte("swap"), 0o644)
	b := <-batches
	for _, p := range b.Paths {
		rel, _ := filepath.Rel(site, p)
		fmt.Println(rel) // a real consumer stats p to learn what happened
	}
	// Output: content/page.md
}
