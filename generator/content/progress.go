package content

import "sync/atomic"

// progress reports done 0 of total to report, when not nil, and returns a
// function to call once per item done, which reports every 1% of them.
func progress(report func(done, total int), total int) func() {
	if report == nil || total == 0 {
		return func() {}
	}
	report(0, total)
	var done atomic.Int64
	step := int64(max(1, total/100))
	return func() {
		if n := done.Add(1); n%step == 0 || n == int64(total) {
			report(int(n), total)
		}
	}
}
