package runtime

import "testing"

func TestWithQueryReplacesOnlyTheCursor(t *testing.T) {
	for _, tc := range []struct{ url, name, value, want string }{
		{"http://h/p", "after", "x", "http://h/p?after=x"},
		{"http://h/p?q=a+b&limit=2", "after", "c/d e", "http://h/p?q=a+b&limit=2&after=c%2Fd%20e"},
		{"http://h/p?after=1&q=go&after=2", "after", "3", "http://h/p?q=go&after=3"},
		{"http://h/p?aft%65r=1&q=go", "after", "3", "http://h/p?q=go&after=3"},
		{"http://h/p?afterwards=1", "after", "3", "http://h/p?afterwards=1&after=3"},
		{"http://h/p?", "page", "2", "http://h/p?page=2"},
	} {
		if got := withQuery(tc.url, tc.name, tc.value); got != tc.want {
			t.Errorf("withQuery(%q, %q, %q) = %q, want %q", tc.url, tc.name, tc.value, got, tc.want)
		}
	}
}
