package uritemplate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseBody(t *testing.T) {
	parts, err := ParseBody(`{"title": "{title}", "n": {n}, "o": {}, "x": {"y": 1}}`)
	require.NoError(t, err)
	var vars []string
	var text strings.Builder
	for _, p := range parts {
		if p.Expr != nil {
			vars = append(vars, p.Expr.Vars[0].Name)
			text.WriteString("<" + p.Expr.Vars[0].Name + ">")
			continue
		}
		text.WriteString(p.Literal)
	}
	assert.Equal(t, []string{"title", "n"}, vars)
	assert.Equal(t, `{"title": "<title>", "n": <n>, "o": {}, "x": {"y": 1}}`, text.String(), "only {identifier} is an expression")

	_, err = ParseBody("a\x00b")
	require.Error(t, err)
	_, err = ParseBody("{if}")
	require.NoError(t, err, "a keyword is literal text: no parameter can have that name")
}

// FuzzParseBody checks that ParseBody never panics, and that its parts put back
// together are the input: no text is lost or invented, and every expression is a
// single identifier.
func FuzzParseBody(f *testing.F) {
	for _, seed := range []string{`{"a": "{a}"}`, "user={user}&pass={pass}", "{{a}}", "{a", "}{", "{é}", "\t{_1}"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parts, err := ParseBody(s)
		if err != nil {
			var te *Error
			require.ErrorAs(t, err, &te)
			require.True(t, te.Offset >= 0 && te.Offset <= len(s))
			return
		}
		var b strings.Builder
		for _, p := range parts {
			if p.Expr == nil {
				b.WriteString(p.Literal)
				continue
			}
			require.Len(t, p.Expr.Vars, 1)
			name := p.Expr.Vars[0].Name
			require.Equal(t, name, s[p.Expr.Vars[0].Offset:p.Expr.Vars[0].Offset+len(name)])
			b.WriteString("{" + name + "}")
		}
		require.Equal(t, s, b.String())
	})
}
