// Package commands handles Postvern's commands: it loads the streams a
// decision needs, calls package domain to decide, and appends the resulting
// events with the expected revision, deciding again when another writer got
// there first.
//
// Every method returns the global position the caller must wait for before
// its next read reflects the command's effect.
package commands
