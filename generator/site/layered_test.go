package site

import (
	"fmt"
	"testing"
)

func TestLayeredLeavesItsBaseAsItWas(t *testing.T) {
	base := newLayered[string, int](nil)
	base.set("a", 1)
	base.set("b", 2)
	l := base
	for i := range 3 * maxDepth {
		l = newLayered(l)
		l.set("a", 10+i)
		l.set(fmt.Sprint("k", i), i)
		if l.depth > maxDepth {
			t.Fatalf("depth %d past %d", l.depth, maxDepth)
		}
	}
	if base.get("a") != 1 || len(base.m) != 2 {
		t.Errorf("the base changed: %v", base.m)
	}
	if l.get("a") != 10+3*maxDepth-1 || l.get("b") != 2 || l.get("k0") != 0 || l.get("k5") != 5 || l.get("none") != 0 {
		t.Errorf("a %d, b %d, k5 %d", l.get("a"), l.get("b"), l.get("k5"))
	}
	n := 0
	l.values(func(int) { n++ })
	if n != 2+3*maxDepth {
		t.Errorf("values gave %d values, want %d", n, 2+3*maxDepth)
	}
}
