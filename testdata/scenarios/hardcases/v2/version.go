// Package versioned is imported from a path whose last element, v2, is not its name.
package versioned

// Version is a version.
type Version struct {
	Major int `json:"major"`
}
