// Package history serves the event log to analysts: pages of the global
// history in order, filtered by stream or type. It reads the store directly,
// since the log itself is the record being audited.
package history
