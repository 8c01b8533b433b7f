package load

import "testing"

func TestDeclaresIn(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want bool
	}{
		{"directive", "package p\n\ntype A interface {\n\t//feign:requestLine GET /a\n\tA() error\n}\n", true},
		{"spaced directive", "package p\n\n// feign:RequestLine GET /a\ntype A interface{}\n", true},
		{"broken syntax", "package p\n\ntype A interface {\n\t//feign:requestLine GET /a\n\tA() (error\n", true},
		{"in a string", "package p\n\nvar s = `\n//feign:requestLine GET /a\n`\n", false},
		{"in a block comment", "package p\n\n/*\n//feign:requestLine GET /a\n*/\n", false},
		{"none", "package p\n\n// A calls NewA.\nfunc A() { NewA() }\n", false},
	} {
		if got := declaresIn([]byte(tc.src)); got != tc.want {
			t.Errorf("%s: declaresIn = %v, want %v", tc.name, got, tc.want)
		}
	}
}
