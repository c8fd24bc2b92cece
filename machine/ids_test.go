package machine

import (
	"strconv"
	"testing"
)

var itoa = strconv.Itoa

// Two machines never share an id, and neither shares one with a range
// /etc/subuid gives a user or with a user's own uid.
func TestRangesShareNoID(t *testing.T) {
	subuid := "alice:100000:65536\nbob:" + itoa(FirstID) + ":65536\n"
	passwd := "root:x:0:0:root:/root:/bin/sh\nodd:x:" + itoa(FirstID+RangeSize+5) + ":100::/:/bin/false\n"
	a := NewAllocator(subuid, passwd)
	var got []IDRange
	for range 3 {
		r, err := a.Take()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	taken := append(parseRanges(subuid), parseRanges(passwd)...)
	for i, r := range got {
		if r.Count != RangeSize {
			t.Errorf("range %d = %v, want %d ids", i, r, RangeSize)
		}
		for _, o := range taken {
			if r.overlaps(o) {
				t.Errorf("range %v overlaps %v, which the server's users have", r, o)
			}
		}
		for j, o := range got {
			if i != j && r.overlaps(o) {
				t.Errorf("ranges %v and %v overlap", r, o)
			}
		}
	}
	// A range given back is handed out again; one in use is not.
	a.Give(got[1])
	if r, _ := a.Take(); r != got[1] {
		t.Errorf("Take after Give(%v) = %v, want it back", got[1], r)
	}
}
