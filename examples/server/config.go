package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// config is the server's configuration. Every flag has an environment
// variable; a flag given on the command line wins over its variable, which
// wins over the default.
type config struct {
	Addr          string
	Store         string
	Keyring       string
	Principals    string
	AuthorityHost string
	PowerBIAPI    string
	Demo          bool
}

// option describes one flag: its name, variable, default and help.
type option struct {
	name, env, def, help string
	str                  *string
	boolean              *bool
}

func (c *config) options() []option {
	return []option{
		{"addr", "PBICONNECT_ADDR", "localhost:8080", "address to listen on", &c.Addr, nil},
		{"store", "PBICONNECT_STORE", "sqlite:pbiconnect.db",
			"where settings live: sqlite:PATH, file:DIR, memory:, postgres://..., mysql://...",
			&c.Store, nil},
		{"keyring", "PBICONNECT_KEYRING", "pbiconnect.keyring",
			"keyring file; created with a new key (mode 0600) when missing", &c.Keyring, nil},
		{"principals", "PBICONNECT_PRINCIPALS", "",
			`JSON file: an array of {"token","user","org","role"}`, &c.Principals, nil},
		{"authority-host", "PBICONNECT_AUTHORITY_HOST", "https://login.microsoftonline.com",
			"Entra ID authority host", &c.AuthorityHost, nil},
		{"powerbi-api", "PBICONNECT_POWERBI_API", "https://api.powerbi.com",
			"Power BI REST API base URL", &c.PowerBIAPI, nil},
		{"demo", "PBICONNECT_DEMO", "false",
			"start a built-in fake Entra ID and Power BI and print demo tokens; unless -store\n" +
				"and -keyring are given, use " + demoStore + " and " + demoKeyring, nil, &c.Demo},
	}
}

// parseConfig reads the flags in args over the environment read by getenv.
// Usage goes to out. It returns flag.ErrHelp for -h.
func parseConfig(name string, args []string, getenv func(string) string,
	out io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		about := "Serves the Power BI settings page at / and the API under /v1/.\n" +
			"The subcommand rotate-keys adds a key and re-wraps every stored record.\n" +
			"Try: go run ./examples/server -demo"
		if strings.HasSuffix(name, "rotate-keys") {
			about = "Adds a new primary key to -keyring and re-wraps the data key of\n" +
				"every record in -store under it. The other flags are ignored."
		}
		fmt.Fprintf(out, "usage: %s [flags]\n\n%s\n\nflags:\n", name, about)
		fs.PrintDefaults()
	}
	for _, o := range c.options() {
		def := o.def
		if v := getenv(o.env); v != "" {
			def = v
		}
		help := fmt.Sprintf("%s (env %s)", o.help, o.env)
		if o.boolean != nil {
			b, err := strconv.ParseBool(def)
			if err != nil {
				return c, fmt.Errorf("%s: %q is not a boolean", o.env, def)
			}
			fs.BoolVar(o.boolean, o.name, b, help)
			continue
		}
		fs.StringVar(o.str, o.name, def, help)
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	c.separateDemoData(fs, getenv)
	if c.Addr == "" || c.Store == "" || c.Keyring == "" {
		return c, errors.New("-addr, -store and -keyring must not be empty")
	}
	for _, u := range []struct{ flag, value string }{
		{"-authority-host", c.AuthorityHost}, {"-powerbi-api", c.PowerBIAPI}} {
		if err := checkHTTPS(u.value); err != nil {
			return c, fmt.Errorf("%s: %w", u.flag, err)
		}
	}
	return c, nil
}

// The files -demo uses unless -store or -keyring say otherwise.
const (
	demoStore   = "sqlite:pbiconnect-demo.db"
	demoKeyring = "pbiconnect-demo.keyring"
)

// separateDemoData keeps a demo's data apart from real data: in demo mode
// every validation goes to the fake cloud, so a -demo run on the real
// database would let anyone with a token save settings that were never
// checked against Entra ID. Unless the store or keyring was named
// explicitly, demo mode uses files of its own.
func (c *config) separateDemoData(fs *flag.FlagSet, getenv func(string) string) {
	if !c.Demo {
		return
	}
	named := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { named[f.Name] = true })
	if !named["store"] && getenv("PBICONNECT_STORE") == "" {
		c.Store = demoStore
	}
	if !named["keyring"] && getenv("PBICONNECT_KEYRING") == "" {
		c.Keyring = demoKeyring
	}
}

// checkHTTPS fails unless raw is an absolute https URL without credentials,
// query or fragment: credentials must never travel in clear text.
func checkHTTPS(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return errors.New("not a URL")
	case u.Scheme != "https" || u.Host == "":
		return fmt.Errorf("%q must be an https:// URL", u.Redacted())
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("%q must not carry credentials, a query or a fragment", u.Redacted())
	}
	return nil
}
