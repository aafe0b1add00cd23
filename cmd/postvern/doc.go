// Command postvern serves Postvern's GraphQL API, mints development tokens
// and loads a synthetic demo dataset.
//
//	postvern serve [--addr 127.0.0.1:8080] [--data ./data] [--demo]
//	postvern token (--person FNR | --org ORGNR) [--scope S]... [--ttl 12h]
//	postvern demo [--organizations N] [--persons N] [--correspondences N] [--seed N]
//
// Every flag can also be set with the environment variable POSTVERN_<FLAG>,
// upper case with dashes as underscores, such as POSTVERN_DATA. A flag on the
// command line wins over the environment.
//
// This is the one place that reads flags and the environment and wires the
// concrete store, projection and server together.
package main
