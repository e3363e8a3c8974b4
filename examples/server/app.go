package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/pbiconnect/pbiconnect/adapters/httpapi"
	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/validate"
)

// validateTimeout bounds one live validation: every call to Entra ID and
// Power BI it makes.
const validateTimeout = 20 * time.Second

// app is the wired server: store, keyring, service, principals and routes.
type app struct {
	store   *openedStore
	service *powerbi.Service
	auth    *principals
	demo    *demo
	handler http.Handler
}

// newApp opens the store and keyring and builds the service and its
// routes. In demo mode it also starts the fake cloud. Close releases all.
func newApp(ctx context.Context, cfg config, log *slog.Logger) (*app, error) {
	a := &app{}
	ok := false
	defer func() {
		if !ok {
			a.Close()
		}
	}()
	var err error
	if a.store, err = openStore(ctx, cfg.Store, log); err != nil {
		return nil, err
	}
	keyring, created, err := openKeyring(cfg.Keyring)
	if err != nil {
		return nil, err
	}
	if created {
		log.Info("created a new keyring with one key", "path", absPath(cfg.Keyring))
	}
	if a.auth, err = loadPrincipals(cfg.Principals); err != nil {
		return nil, err
	}
	validator, err := a.validator(cfg, log)
	if err != nil {
		return nil, err
	}
	a.service = powerbi.NewService(powerbi.Config{
		Store:     a.store,
		Sealer:    crypto.New(keyring, crypto.Config{}),
		Validator: validator,
		Logger:    log,
	})
	if a.demo != nil {
		adopted, err := a.demo.adopt(ctx, a.service)
		if err != nil {
			return nil, err
		}
		if adopted {
			log.Info("demo: the fake cloud accepts the settings saved by an earlier run", "org", demoOrg)
		}
	}
	a.handler = a.routes(log)
	ok = true
	return a, nil
}

// validator points live validation at Entra ID and Power BI, or at the fake
// cloud in demo mode. Outside demo mode outbound TLS trusts the system
// roots, so SSL_CERT_FILE works as in any Go program.
func (a *app) validator(cfg config, log *slog.Logger) (*validate.Validator, error) {
	vc := validate.Config{Timeout: validateTimeout, Logger: log}
	if cfg.Demo {
		d, err := startDemo(a.auth)
		if err != nil {
			return nil, err
		}
		a.demo = d
		vc.Cloud, vc.HTTPClient = d.fake.Cloud(), d.fake.Client()
		return validate.New(vc), nil
	}
	vc.Cloud = validate.PublicCloud()
	vc.Cloud.AuthorityHost = cfg.AuthorityHost
	vc.Cloud.PowerBIAPI = cfg.PowerBIAPI
	return validate.New(vc), nil
}

// routes serves the API under /v1/, the page's whoami and the page itself.
func (a *app) routes(log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/v1/", httpapi.New(httpapi.Config{
		Service:      a.service,
		Authenticate: a.auth.Authenticate,
		Logger:       log,
	}))
	mux.Handle("GET /whoami", logRequests(whoami(a.auth.Authenticate), log))
	mux.Handle("/", logRequests(pageHandler(), log))
	return mux
}

// Close stops the fake cloud and closes the store.
func (a *app) Close() error {
	var errs []error
	if a.demo != nil {
		a.demo.Close()
	}
	if a.store != nil {
		errs = append(errs, a.store.Close())
	}
	return errors.Join(errs...)
}

// runServer serves until ctx is done.
func runServer(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	a, err := newApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	url := "http://" + ln.Addr().String() + "/"
	log.Info("pbiconnect example server started", "url", url, "data", a.store.where,
		"keyring", absPath(cfg.Keyring), "principals", a.auth.Len(), "demo", cfg.Demo)
	if a.auth.Len() == 0 {
		log.Warn("no principals: every request will be refused; pass -principals or -demo")
	}
	if a.demo != nil {
		a.demo.Print(stdout, url)
	}
	return serve(ctx, ln, a.handler, log)
}
