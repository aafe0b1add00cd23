package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/postvern/postvern/auth"
	"github.com/postvern/postvern/domain"
)

func runToken(args []string, stdout, stderr io.Writer) error {
	var (
		dataDir, person, org string
		scopes               listFlag
		ttl                  time.Duration
	)
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	fs.StringVar(&dataDir, "data", "./data", "data folder of the server that must accept the token")
	fs.StringVar(&person, "person", "", "national identity number (11 digits) or person URN the token names")
	fs.StringVar(&org, "org", "", "organization number (9 digits) or organization URN the token names")
	fs.Var(&scopes, "scope", "scope to grant; repeat for more (default: postvern:correspondence.read for a person, postvern:correspondence.write for an organization)")
	fs.DurationVar(&ttl, "ttl", 12*time.Hour, "how long the token is valid, such as 30m or 12h")
	src, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}

	caller, err := tokenCaller(src, person, org, scopes)
	if err != nil {
		return err
	}
	if ttl <= 0 || ttl > 30*24*time.Hour {
		return fmt.Errorf("invalid %s %s: give a duration from 1s to 720h", src.name("ttl"), ttl)
	}
	keys, err := auth.LoadDevelopmentKey(dataDir)
	if err != nil {
		return err
	}

	token, err := keys.Mint(caller, ttl, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

func tokenCaller(src sources, person, org string, scopes []string) (domain.Caller, error) {
	caller := domain.Caller{}
	switch {
	case person != "" && org != "":
		return caller, fmt.Errorf("give either %s or %s, not both", src.name("person"), src.name("org"))
	case person != "":
		p, err := domain.ParsePersonID(person)
		if err != nil {
			return caller, fmt.Errorf("invalid %s: %w", src.name("person"), err)
		}
		caller.Person = p
	case org != "":
		o, err := domain.ParseOrganizationNumber(org)
		if err != nil {
			return caller, fmt.Errorf("invalid %s: %w", src.name("org"), err)
		}
		caller.Organization = o
	default:
		return caller, errors.New("missing --person or --org: name who the token is for")
	}

	if len(scopes) == 0 {
		if caller.Person != "" {
			scopes = []string{string(domain.ScopeCorrespondenceRead)}
		} else {
			scopes = []string{string(domain.ScopeCorrespondenceWrite)}
		}
	}
	for _, s := range scopes {
		known := false
		for _, scope := range domain.Scopes() {
			if string(scope) == s {
				known = true
				caller.Scopes = append(caller.Scopes, scope)
			}
		}
		if !known {
			return caller, fmt.Errorf("unknown %s %q: use %s, %s, %s or %s", src.name("scope"), s, domain.ScopeCorrespondenceRead, domain.ScopeCorrespondenceWrite, domain.ScopeRegisterWrite, domain.ScopeEventsRead)
		}
	}
	return caller, nil
}
