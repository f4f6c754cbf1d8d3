package gencorpus

import "math/bits"

// pyRand reproduces CPython's random.Random (MT19937) for integer seeds, so
// that the Go port of gen-corpus writes the same bytes as the Python script.
// Only the methods gen-corpus uses are provided.
type pyRand struct {
	mt  [624]uint32
	mti int
}

// newPyRand is random.Random(seed) for 0 <= seed < 2**32.
func newPyRand(seed uint32) *pyRand {
	r := &pyRand{}
	r.initByArray([]uint32{seed})
	return r
}

func (r *pyRand) initGenrand(s uint32) {
	r.mt[0] = s
	for i := 1; i < 624; i++ {
		r.mt[i] = 1812433253*(r.mt[i-1]^(r.mt[i-1]>>30)) + uint32(i)
	}
	r.mti = 624
}

func (r *pyRand) initByArray(key []uint32) {
	r.initGenrand(19650218)
	i, j := 1, 0
	k := max(624, len(key))
	for ; k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1664525)) + key[j] + uint32(j)
		i++
		j++
		if i >= 624 {
			r.mt[0] = r.mt[623]
			i = 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k = 623; k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= 624 {
			r.mt[0] = r.mt[623]
			i = 1
		}
	}
	r.mt[0] = 0x80000000
}

func (r *pyRand) uint32() uint32 {
	const n, m = 624, 397
	const upper, lower, matrixA = 0x80000000, 0x7fffffff, 0x9908b0df
	if r.mti >= n {
		var kk int
		for kk = 0; kk < n-m; kk++ {
			y := (r.mt[kk] & upper) | (r.mt[kk+1] & lower)
			r.mt[kk] = r.mt[kk+m] ^ (y >> 1) ^ (matrixA * (y & 1))
		}
		for ; kk < n-1; kk++ {
			y := (r.mt[kk] & upper) | (r.mt[kk+1] & lower)
			r.mt[kk] = r.mt[kk+(m-n)] ^ (y >> 1) ^ (matrixA * (y & 1))
		}
		y := (r.mt[n-1] & upper) | (r.mt[0] & lower)
		r.mt[n-1] = r.mt[m-1] ^ (y >> 1) ^ (matrixA * (y & 1))
		r.mti = 0
	}
	y := r.mt[r.mti]
	r.mti++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// Float64 is random.random(): a float in [0, 1) with 53 random bits.
func (r *pyRand) Float64() float64 {
	a, b := r.uint32()>>5, r.uint32()>>6
	return (float64(a)*67108864.0 + float64(b)) * (1.0 / 9007199254740992.0)
}

// below is random._randbelow(n) for 0 < n < 2**32.
func (r *pyRand) below(n int) int {
	k := bits.Len(uint(n))
	for {
		v := int(r.uint32() >> (32 - k))
		if v < n {
			return v
		}
	}
}

// IntN is random.randrange(n); benchcorpus.Pick(r, seq) is then
// random.choice(seq), and benchcorpus.Between(r, a, b) random.randint(a, b).
func (r *pyRand) IntN(n int) int { return r.below(n) }

// pySample is random.sample(pop, k) for populations larger than the small-set
// size (21 plus a table size when k > 5), as gen-corpus uses it: draw
// indexes, redrawing ones already chosen.
func pySample[T any](r *pyRand, pop []T, k int) []T {
	out := make([]T, 0, k)
	chosen := map[int]bool{}
	setsize := 21
	if k > 5 {
		panic("sample: k > 5 not ported")
	}
	if len(pop) <= setsize {
		pool := append([]T(nil), pop...)
		n := len(pop)
		for i := range k {
			j := r.below(n - i)
			out = append(out, pool[j])
			pool[j] = pool[n-i-1]
		}
		return out
	}
	for range k {
		j := r.below(len(pop))
		for chosen[j] {
			j = r.below(len(pop))
		}
		chosen[j] = true
		out = append(out, pop[j])
	}
	return out
}
