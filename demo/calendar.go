package demo

import (
	"sort"
	"time"
)

// simulatedDays is how far back the dataset's correspondence reaches.
const simulatedDays = 365

// Office hours in UTC, 06:00 to 15:00, which is 07:00 to 16:00 in Norway in
// winter and 08:00 to 17:00 in summer.
const (
	officeOpens = 6 * time.Hour
	officeHours = 9 * time.Hour
)

// calendar spreads the correspondence over the office hours of weekdays in
// the year before now, in item order. Public holidays are not skipped.
type calendar struct {
	windows []officeWindow
	// total is the sum of the windows' lengths.
	total time.Duration
	count int
}

// officeWindow is one weekday's office hours.
type officeWindow struct {
	start time.Time
	// offset is the total length of the windows before this one.
	offset time.Duration
	length time.Duration
}

// newCalendar returns the calendar for count items sent in the year before
// now. Office hours that have not ended by now are cut at now.
func newCalendar(now time.Time, count int) *calendar {
	now = now.UTC()
	c := &calendar{count: count}
	first := now.AddDate(0, 0, -simulatedDays).Truncate(24 * time.Hour)
	for day := first; !day.After(now); day = day.AddDate(0, 0, 1) {
		if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			continue
		}
		start := day.Add(officeOpens)
		end := start.Add(officeHours)
		if end.After(now) {
			end = now
		}
		if !end.After(start) {
			continue
		}
		c.windows = append(c.windows, officeWindow{start: start, offset: c.total, length: end.Sub(start)})
		c.total += end.Sub(start)
	}
	return c
}

// sendTime returns the time item index is sent. jitter, in [0, 1), moves the
// time within the item's share of the office hours, so the times grow with
// the index and all come before now.
func (c *calendar) sendTime(index int, jitter float64) time.Time {
	offset := time.Duration(float64(c.total) * (float64(index) + jitter) / float64(c.count))
	i := sort.Search(len(c.windows), func(i int) bool { return c.windows[i].offset+c.windows[i].length > offset }) // first window that ends after offset
	if i == len(c.windows) {
		i = len(c.windows) - 1
		offset = c.windows[i].offset + c.windows[i].length - time.Second
	}
	w := c.windows[i]
	return w.start.Add(offset - w.offset).Truncate(time.Second)
}
