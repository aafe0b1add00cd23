package projections

import (
	"bytes"
	"slices"
	"time"

	"github.com/postvern/postvern/domain"
)

// sortedEntries is a list of correspondence in ascending (publish time, id)
// order. Readers page it from the end, newest first. The id breaks ties, so
// paging is stable when many entries share a publish time.
type sortedEntries []*entry

// compareKey orders entries by publish time, then id.
func compareKey(a *entry, publish time.Time, id []byte) int {
	if c := a.correspondence.PublishTime.Compare(publish); c != 0 {
		return c
	}
	return bytes.Compare(a.correspondence.ID[:], id)
}

// search returns the index of the first entry whose key is not less than
// (publish, id).
func (s sortedEntries) search(publish time.Time, id []byte) int {
	i, _ := slices.BinarySearchFunc(s, struct{}{}, func(e *entry, _ struct{}) int {
		return compareKey(e, publish, id)
	})
	return i
}

// insert adds en in order. New mail is usually the newest, so the common case
// appends at the end.
func (s *sortedEntries) insert(en *entry) {
	c := en.correspondence
	i := s.search(c.PublishTime, c.ID[:])
	if i < len(*s) && (*s)[i] == en {
		return
	}
	*s = slices.Insert(*s, i, en)
}

// inbox is one person's readable correspondence across every party they act
// for.
type inbox struct {
	entries sortedEntries
}

// replaceOrganization swaps the organization's entries in the inbox for
// visible, which must be sorted. Both lists are sorted, so a merge keeps the
// order in linear time.
func (in *inbox) replaceOrganization(org domain.OrganizationNumber, visible sortedEntries) {
	merged := make(sortedEntries, 0, len(in.entries)+len(visible))
	j := 0
	for _, en := range in.entries {
		if en.correspondence.Recipient.Organization == org {
			continue
		}
		for j < len(visible) && less(visible[j], en) {
			merged = append(merged, visible[j])
			j++
		}
		merged = append(merged, en)
	}
	merged = append(merged, visible[j:]...)
	in.entries = merged
}

func less(a, b *entry) bool {
	return compareKey(a, b.correspondence.PublishTime, b.correspondence.ID[:]) < 0
}
