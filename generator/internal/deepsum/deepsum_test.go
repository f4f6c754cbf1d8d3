package deepsum

import "testing"

type node struct {
	name  string
	next  *node
	tags  map[string][]int
	other any
}

func TestSumChangesWithAnythingReachable(t *testing.T) {
	a := &node{name: "a", tags: map[string][]int{"x": {1, 2}, "y": nil}}
	b := &node{name: "b", next: a, other: []string{"z"}}
	a.next = b // a cycle
	before := Of(a)
	if Of(a) != before {
		t.Fatal("the sum of an unchanged value changed")
	}
	for _, c := range []struct {
		name     string
		do, undo func()
	}{
		{"unexported field behind a pointer", func() { b.name = "B" }, func() { b.name = "b" }},
		{"slice element in a map", func() { a.tags["x"][1] = 3 }, func() { a.tags["x"][1] = 2 }},
		{"map entry added", func() { a.tags["w"] = nil }, func() { delete(a.tags, "w") }},
		{"value in an interface", func() { b.other.([]string)[0] = "q" }, func() { b.other.([]string)[0] = "z" }},
		{"sharing", func() { b.next = &node{name: "a", tags: a.tags, next: b} }, func() { b.next = a }},
	} {
		c.do()
		if Of(a) == before {
			t.Errorf("%s: the sum did not change", c.name)
		}
		c.undo()
		if Of(a) != before {
			t.Errorf("%s: undone, the sum differs", c.name)
		}
	}
}
