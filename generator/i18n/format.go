package i18n

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/goodsign/monday"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// formatter writes dates and numbers in one language.
type formatter struct {
	tag      language.Tag
	day      string // Go layout of a full date, or "ap"
	month    string // Go layout of a month and year, or "ap"
	names    monday.Locale
	hasNames bool // names translates month and day names; false: Go's English
	// named holds the dates written with names (a layoutDate → its text):
	// monday takes some microseconds a date, and a site writes the same
	// few dates on many pages (a source's date on every page citing it).
	named *sync.Map
}

// layoutDate is a date written with a layout.
type layoutDate struct {
	layout string
	t      time.Time
}

// longLayouts are the long date formats ("30 de noviembre de 2026",
// "noviembre de 2026") of languages that do not write "2 January 2006"
// and "January 2006", in Go's layout notation with month names from
// monday. CLDR has these patterns, but golang.org/x/text offers no date
// formatting, so the three that differ are written here.
var longLayouts = map[string][2]string{
	"en": {"January 2, 2006", "January 2006"},
	"es": {"2 de January de 2006", "January de 2006"},
	"pt": {"2 de January de 2006", "January de 2006"},
}

// newFormatter sets up a language's dates and numbers: style is the
// setting date_style (ap, long or a Go layout; "": ap for English, long
// for others), and the strings file's date.day and date.month override it.
func newFormatter(tag language.Tag, style string, entries map[string]*Entry) (formatter, error) {
	base, _ := tag.Base()
	f := formatter{tag: tag, day: "2 January 2006", month: "January 2006"}
	if d, ok := longLayouts[base.String()]; ok {
		f.day, f.month = d[0], d[1]
	}
	var styleErr error
	switch style = strings.TrimSpace(style); {
	case style == "ap" || style == "" && base.String() == "en":
		f.day, f.month = "ap", "ap"
	case style == "" || style == "long":
	case strings.Contains(style, "2006"):
		f.day = style
	default:
		styleErr = fmt.Errorf("date_style %q: write ap (Associated Press: Oct. 12, 2023), long (12 de octubre de 2023), or a Go date layout with the year as 2006, the month as January and the day as 2", style)
	}
	f.names, f.hasNames = mondayLocale(tag)
	f.named = &sync.Map{}
	for _, k := range []string{"date.day", "date.month"} {
		e := entries[k]
		if e == nil {
			continue
		}
		v := strings.TrimSpace(e.Text)
		if v != "ap" && !strings.Contains(v, "2006") {
			return f, fmt.Errorf("%s: write a Go date layout with the year as 2006, the month as January or 1 and the day as 2 (\"2 de January de 2006\"), or ap for Associated Press style", k)
		}
		if k == "date.day" {
			f.day = v
		} else {
			f.month = v
		}
	}
	return f, styleErr
}

// mondayLocale picks the month and day names of a language: the locale
// of its region when monday has it (es_MX), else the first of its
// language (es_ES). English keeps Go's own names.
func mondayLocale(tag language.Tag) (monday.Locale, bool) {
	base, _ := tag.Base()
	if base.String() == "en" {
		return "", false
	}
	region, _ := tag.Region()
	want := base.String() + "_" + region.String()
	var first monday.Locale
	for _, l := range monday.ListLocales() {
		s := string(l)
		if strings.EqualFold(s, want) {
			return l, true
		}
		if first == "" && strings.HasPrefix(strings.ToLower(s), base.String()+"_") {
			first = l
		}
	}
	return first, first != ""
}

func (f formatter) layout(t time.Time, layout string) string {
	if !f.hasNames {
		return t.Format(layout)
	}
	k := layoutDate{layout, t}
	if s, ok := f.named.Load(k); ok {
		return s.(string)
	}
	s := monday.Format(t, layout, f.names)
	f.named.Store(k, s)
	return s
}

// date writes a full date: "Oct. 12, 2023", "12 de octubre de 2023".
func (f formatter) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if f.day == "ap" {
		return APDate(t)
	}
	return f.layout(t, f.day)
}

// monthYear writes a month and year: "March 2026", "marzo de 2026".
func (f formatter) monthYear(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if f.month == "ap" {
		return t.Format("January 2006")
	}
	return f.layout(t, f.month)
}

// number writes a number with the language's digit grouping and decimal
// mark: 2,000 in English and US Spanish (es-US), 2.000 in Spain's Spanish.
func (f formatter) number(v any) string {
	p := message.NewPrinter(f.tag)
	switch n := v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return p.Sprint(number.Decimal(n))
	case float32, float64:
		x := toFloat(n)
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return p.Sprint(number.Decimal(int64(x)))
		}
		return p.Sprint(number.Decimal(x, number.MaxFractionDigits(6)))
	case string:
		if i, err := strconv.ParseInt(n, 10, 64); err == nil {
			return p.Sprint(number.Decimal(i))
		}
		if x, err := strconv.ParseFloat(n, 64); err == nil {
			return p.Sprint(number.Decimal(x, number.MaxFractionDigits(6)))
		}
	}
	return fmt.Sprint(v)
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case float32:
		return float64(n)
	case float64:
		return n
	}
	return 0
}

// plural operands of a count (see CLDR's plural rules).
type pluralOperands struct{ i, v, w, f, t int }

func operands(v any) (pluralOperands, error) {
	var s string
	switch n := v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		s = fmt.Sprint(n)
	case float32, float64:
		s = strconv.FormatFloat(toFloat(n), 'f', -1, 64)
	case string:
		if _, err := strconv.ParseFloat(n, 64); err != nil {
			return pluralOperands{}, fmt.Errorf("the count %q is not a number", n)
		}
		s = n
	default:
		return pluralOperands{}, fmt.Errorf("the count %v (%T) is not a number", v, v)
	}
	s = strings.TrimPrefix(s, "-")
	ip, fp, _ := strings.Cut(s, ".")
	const mod = 10_000_000
	atoi := func(d string) int {
		if len(d) > 7 {
			d = d[len(d)-7:]
		}
		n, _ := strconv.Atoi(d)
		return n % mod
	}
	op := pluralOperands{i: atoi(ip), v: len(fp), f: atoi(fp)}
	tt := strings.TrimRight(fp, "0")
	op.w, op.t = len(tt), atoi(tt)
	return op, nil
}

// Date writes a date in the language: AP style in English ("Oct. 12,
// 2023"), "12 de octubre de 2023" in Spanish.
func (c *Catalog) Date(code string, t time.Time) string {
	if l := c.lang(code); l != nil {
		return l.format.date(t)
	}
	return APDate(t)
}

// Month writes a month and year: "March 2026", "marzo de 2026".
func (c *Catalog) Month(code string, t time.Time) string {
	if l := c.lang(code); l != nil {
		return l.format.monthYear(t)
	}
	return t.Format("January 2006")
}

// Format writes t with a Go time layout, month and day names in the
// language.
func (c *Catalog) Format(code, layout string, t time.Time) string {
	if l := c.lang(code); l != nil {
		return l.format.layout(t, layout)
	}
	return t.Format(layout)
}

// Number writes a number as the language does: "2,000".
func (c *Catalog) Number(code string, v any) string {
	if l := c.lang(code); l != nil {
		return l.format.number(v)
	}
	return formatter{tag: language.English}.number(v)
}

// Lang returns the BCP 47 tag numbers and dates of language code follow.
func (c *Catalog) Lang(code string) language.Tag {
	if l := c.lang(code); l != nil {
		return l.tag
	}
	return language.English
}

// APDate formats t in Associated Press style: "Oct. 21, 2024", "May 8,
// 2025", "Sept. 3, 2024".
func APDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	m := t.Month()
	name := m.String()
	switch m {
	case time.March, time.April, time.May, time.June, time.July:
	case time.September:
		name = "Sept."
	default:
		name = name[:3] + "."
	}
	return fmt.Sprintf("%s %d, %d", name, t.Day(), t.Year())
}
