package model

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMergeHeaders(t *testing.T) {
	// h is a header "Name: value"; the merged list is written the same way.
	h := func(s string) rawHeader {
		name, value, _ := strings.Cut(s, ": ")
		return rawHeader{name: name, value: value}
	}
	tests := []struct {
		name        string
		shared, own []string
		want        []string
	}{
		{
			"interface headers come first, then the method's",
			[]string{"Accept: application/json"},
			[]string{"Authorization: Bearer {token}"},
			[]string{"Accept: application/json", "Authorization: Bearer {token}"},
		},
		{
			"the method's Content-Type replaces the interface's",
			[]string{"Content-Type: application/json", "Accept: application/json"},
			[]string{"Content-Type: text/plain"},
			[]string{"Accept: application/json", "Content-Type: text/plain"},
		},
		{
			"every Content-Type of the interface is replaced",
			[]string{"Content-Type: application/json", "Content-Type: application/xml"},
			[]string{"Content-Type: text/plain"},
			[]string{"Content-Type: text/plain"},
		},
		{
			"other names add values",
			[]string{"Accept: application/json", "X-Trace: a"},
			[]string{"Accept: text/plain", "X-Trace: b"},
			[]string{"Accept: application/json", "X-Trace: a", "Accept: text/plain", "X-Trace: b"},
		},
		{
			"without a method Content-Type the interface's stays",
			[]string{"Content-Type: application/json"},
			[]string{"Accept: text/plain"},
			[]string{"Content-Type: application/json", "Accept: text/plain"},
		},
		{
			"a method may declare several Content-Types of its own",
			nil,
			[]string{"Content-Type: a/b", "Content-Type: c/d"},
			[]string{"Content-Type: a/b", "Content-Type: c/d"},
		},
		{"no headers at all", nil, nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var shared, own []rawHeader
			for _, s := range tt.shared {
				shared = append(shared, h(s))
			}
			for _, s := range tt.own {
				own = append(own, h(s))
			}
			got := []string{}
			for _, m := range mergeHeaders(shared, own) {
				got = append(got, m.name+": "+m.value)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
