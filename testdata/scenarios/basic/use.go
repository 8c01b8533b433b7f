package basic

// DefaultGitHub calls the generated constructor from the package itself: feigngen loads
// the package without its own output, so it must forgive "undefined: NewGitHub".
func DefaultGitHub() (GitHub, error) { return NewGitHub("https://api.github.com") }
