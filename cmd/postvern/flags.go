package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// sources records which flags took their value from the environment, so that
// an error about a value names where the user set it.
type sources map[string]bool

// name returns how the user set flag: "--flag" or its environment variable.
func (s sources) name(flag string) string {
	if s[flag] {
		return envName(flag)
	}
	return "--" + flag
}

// parseFlags parses args into fs, then sets every flag that the command line
// left alone from its POSTVERN_<FLAG> environment variable. -h prints the
// flags to stdout and returns flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (sources, error) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fmt.Fprintf(stdout, "Usage of postvern %s (every flag can also be set as POSTVERN_<FLAG>):\n", fs.Name())
		fs.PrintDefaults()
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%w; run `postvern %s -h` for the flags", err, fs.Name())
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q: %s takes only flags; run `postvern %s -h` for them", fs.Arg(0), fs.Name(), fs.Name())
	}

	fromEnv := sources{}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })

	fs.VisitAll(func(f *flag.Flag) {
		if explicit[f.Name] || err != nil {
			return
		}
		name := envName(f.Name)
		value, ok := os.LookupEnv(name)
		if !ok {
			return
		}
		if setErr := fs.Set(f.Name, value); setErr != nil {
			err = fmt.Errorf("environment variable %s=%q: %w", name, value, setErr)
			return
		}
		fromEnv[f.Name] = true
	})
	return fromEnv, err
}

// envName returns the environment variable for a flag: POSTVERN_ and the
// name in upper case with dashes as underscores.
func envName(flagName string) string {
	return "POSTVERN_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// listFlag is a repeatable flag. Each value may also hold several items
// separated by commas or spaces, which is how an environment variable gives
// more than one.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(value string) error {
	for _, item := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ' ' }) {
		*l = append(*l, item)
	}
	return nil
}

// terminalOrNil returns w when it is a terminal, where a progress bar can
// redraw itself, and nil otherwise, so that logs redirected to a file get no
// progress lines.
func terminalOrNil(w io.Writer) io.Writer {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return w
	}
	return nil
}
