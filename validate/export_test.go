package validate

import (
	"maps"
	"slices"
)

// EntraCodes returns the AADSTS codes the table maps, in order, so the
// end-to-end tests can prove they cover every one.
func EntraCodes() []int { return slices.Sorted(maps.Keys(aadsts)) }
