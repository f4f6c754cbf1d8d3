package markdown

import (
	"bytes"
	"errors"
	"testing"
)

func TestConvertToEmitsWhatConvertReturns(t *testing.T) {
	c := New(Options{})
	src := []byte("# Title\n\nSome *text* with a [link](/x/) and code:\n\n```go\nfunc main() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
	want, err := c.Convert(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []byte
	calls := 0
	res, err := c.ConvertTo(src, nil, func(html []byte) error {
		calls++
		got = append(got, html...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 || !bytes.Equal(got, want.HTML) {
		t.Errorf("ConvertTo emitted %d times:\n%s\nwant once:\n%s", calls, got, want.HTML)
	}
	if res.HTML != nil {
		t.Errorf("ConvertTo's Result.HTML = %q, want nil", res.HTML)
	}
	if res.WordCount != want.WordCount || len(res.TOC) != len(want.TOC) {
		t.Errorf("ConvertTo's result %+v differs from Convert's %+v", res, want)
	}
	stop := errors.New("disk full")
	if _, err := c.ConvertTo(src, nil, func([]byte) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("emit's error: got %v", err)
	}
	// The buffer emit saw is reused: Convert's HTML is a copy of its own.
	again, _ := c.Convert(src, nil)
	if !bytes.Equal(again.HTML, want.HTML) {
		t.Error("a second Convert differs")
	}
}
