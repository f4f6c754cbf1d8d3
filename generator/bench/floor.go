package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nuhw-explainer/kpstrikes/generator/highlight"
	"github.com/nuhw-explainer/kpstrikes/generator/markdown"
)

// floorResult sums what the floor converted, so the work cannot be
// optimised away and can be checked.
type floorResult struct {
	files, bytesIn, bytesOut int64
}

// runFloor is the lower bound a generator can reach on a corpus: read every
// .md file under dir/content, drop its front matter, convert it with the
// generator's goldmark configuration and chroma highlighting (no cache), on
// all cores. No templates, no link checks, no writes.
func runFloor(dir string, highlighting bool) (floorResult, error) {
	var paths []string
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return floorResult{}, err
	}
	var hl *highlight.Highlighter
	if highlighting {
		hl = highlight.New(nil)
	}
	conv := markdown.New(markdown.Options{Highlighter: hl})
	var res floorResult
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr error
	var mu sync.Mutex
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var in, out int64
			for {
				i := int(next.Add(1) - 1)
				if i >= len(paths) {
					break
				}
				raw, err := os.ReadFile(paths[i])
				if err == nil {
					var r *markdown.Result
					r, err = conv.Convert(stripFrontMatter(raw), nil)
					if err == nil {
						out += int64(len(r.HTML))
					}
				}
				if err != nil {
					mu.Lock()
					firstErr = fmt.Errorf("%s: %w", paths[i], err)
					mu.Unlock()
				}
				in += int64(len(raw))
			}
			atomic.AddInt64(&res.bytesIn, in)
			atomic.AddInt64(&res.bytesOut, out)
		}()
	}
	wg.Wait()
	res.files = int64(len(paths))
	return res, firstErr
}

// stripFrontMatter blanks a leading "---" ... "---" block, keeping its line
// breaks, as the generator does before converting.
func stripFrontMatter(src []byte) []byte {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return src
	}
	end := bytes.Index(src[4:], []byte("\n---\n"))
	if end < 0 {
		return src
	}
	stop := 4 + end + 5
	n := bytes.Count(src[:stop], []byte("\n"))
	out := make([]byte, 0, len(src)-stop+n)
	out = append(out, bytes.Repeat([]byte("\n"), n)...)
	return append(out, src[stop:]...)
}
