package benchcorpus

import "strings"

// The vocabulary both corpora draw words from, in pieces: each corpus puts
// its own lines between and after them, in the order it has always had
// (the order decides which word a random number picks, so it must not
// change: gencorpus must write what gen-corpus writes, and a changed blog
// would need its Version raised).
const (
	// TechWords are the first six lines of both vocabularies.
	TechWords = `
system model build render page site content template layout section index
markdown parser output cache memory thread worker queue channel buffer
request response server client network latency throughput benchmark profile
function method variable constant pointer slice string integer float value
module package import export library binary compile link deploy release
version branch commit merge review change update delete create insert
`
	// WorldWords follow each corpus's seventh line.
	WorldWords = `
river mountain forest ocean valley meadow garden harbor island desert
morning evening winter summer autumn spring weather season journey path
simple careful quick steady bright quiet gentle honest clever patient
data record field column table row query filter sort group order
light shadow color shape pattern texture surface edge corner center
`
	// StopWords are the small words between the others, fewest first: a
	// corpus takes the first of them it wants.
	StopWords = "the a an of to in on for with and or but as at by from into over under that this it is was"
)

// Words splits vocabulary lines into words.
func Words(lines ...string) []string { return strings.Fields(strings.Join(lines, "\n")) }
