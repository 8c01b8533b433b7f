package runtime

import (
	"testing"
	"unsafe"
)

// A hedged round's state is allocated for every hedged call, and what it costs grows
// with its size class: an object of over 512 bytes with pointers carries an 8-byte
// header, so 632 bytes is the most that stays in the 640-byte class. In the class
// above, 704 bytes, the paired benchmark of a hedged call measured a few hundredths
// more of the unhedged call's time: a field added to the round or to callCore must
// make room for itself.
func TestHedgeRoundFitsItsSizeClass(t *testing.T) {
	if size := unsafe.Sizeof(hedgeRound{}); size > 632 {
		t.Fatalf("hedgeRound is %d bytes, over the 632 that fit the 640-byte size class", size)
	}
}
