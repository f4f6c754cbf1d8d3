package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// TestScriptAddressesAreRemovedWithAWarning: in safe mode a link, image or
// autolink whose address runs code is published without it, and each is
// a warning at its position; the ResolveLink hook never sees them.
// UnsafeHTML keeps them all.
func TestScriptAddressesAreRemovedWithAWarning(t *testing.T) {
	src := "A [run](javascript:alert(1)) and [vb](VBScript:msgbox(1))\n" +
		"![pic](javascript:alert(2)) [html](data:text/html;base64,PHNjcmlwdD4=)\n" +
		"<javascript:alert(3)> [ref][r] [ent](&#106;avascript:alert(4)) [png](data:image/png;base64,iVBOR)\n" +
		"\n[r]: javascript:alert(5)\n"
	var resolved []string
	pc := &PageContext{ResolveLink: func(dest string, image bool) (string, error) {
		resolved = append(resolved, dest)
		return dest, nil
	}}
	res := convert(t, New(Options{}), src, pc)
	html := string(res.HTML)
	for _, bad := range []string{`="javascript`, `="VBScript`, "text/html", "<img"} {
		if strings.Contains(html, bad) {
			t.Errorf("the page holds %q:\n%s", bad, html)
		}
	}
	if !strings.Contains(html, `<a href="data:image/png;base64,iVBOR">png</a>`) {
		t.Errorf("a data: image address was removed:\n%s", html)
	}
	var got []string
	for _, w := range res.Warnings {
		got = append(got, fmt.Sprintf("%d:%d:%s", w.Line, w.Col, w.Msg[:strings.Index(w.Msg, " removed:")]))
		if !strings.Contains(w.Msg, "unsafe_html: true") {
			t.Errorf("the warning does not say how to allow it: %s", w.Msg)
		}
	}
	want := []string{
		"1:3:link to javascript:alert(1)",
		"1:34:link to VBScript:msgbox(1)",
		"2:1:image javascript:alert(2)",
		"2:29:link to data:text/html;base64,PHNjcmlwdD4=",
		"3:1:link to javascript:alert(3)",
		"3:23:link to javascript:alert(5)",
		"3:32:link to &#106;avascript:alert(4)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Problems) != 0 {
		t.Errorf("problems: %v", res.Problems)
	}
	if strings.Join(resolved, " ") != "data:image/png;base64,iVBOR" {
		t.Errorf("ResolveLink saw %q", resolved)
	}

	res = convert(t, New(Options{UnsafeHTML: true}), src, nil)
	if len(res.Warnings) != 0 || !strings.Contains(string(res.HTML), `<a href="javascript:alert(1)">run</a>`) || !strings.Contains(string(res.HTML), `<img src="javascript:alert(2)"`) {
		t.Errorf("unsafe_html: warnings %v, page:\n%s", res.Warnings, res.HTML)
	}
}
