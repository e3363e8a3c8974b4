package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"

	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
)

// rotateActor is the audit actor of key rotation.
const rotateActor = "operator:rotate-keys"

// rotateKeys adds a new primary key to the keyring, then re-wraps the data
// key of every stored record under it, printing one line per record.
//
// A server running meanwhile still opens every record, since its keyring
// reads the file again when it meets a key it does not know, and a write
// that races the rotation is retried by Service.RotateKeys.
//
// BUG(pbiconnect): a running server keeps wrapping new writes under the
// primary key it read at start until it is restarted; run rotate-keys
// again after the restart to re-wrap them.
func rotateKeys(ctx context.Context, cfg config, log *slog.Logger, out io.Writer) error {
	if _, err := os.Stat(cfg.Keyring); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("keyring %s does not exist; nothing to rotate", cfg.Keyring)
	}
	st, err := openStore(ctx, cfg.Store, log)
	if err != nil {
		return err
	}
	defer st.Close()
	kr, _, err := openKeyring(cfg.Keyring)
	if err != nil {
		return err
	}

	id, err := kr.Rotate()
	if err != nil {
		return fmt.Errorf("add a new key: %w", err)
	}
	fmt.Fprintf(out, "keyring %s: new primary key %s\n", cfg.Keyring, id)

	svc := powerbi.NewService(powerbi.Config{
		Store:     st,
		Sealer:    crypto.New(kr, crypto.Config{}),
		Validator: noLiveChecks,
		Logger:    log,
	})
	seen := 0
	n, err := svc.RotateKeys(ctx, rotateActor, func(org string, rewrapped bool) {
		seen++
		state := "already current"
		if rewrapped {
			state = "re-wrapped"
		}
		fmt.Fprintf(out, "  [%d] %s: %s\n", seen, org, state)
	})
	fmt.Fprintf(out, "%d of %d records re-wrapped in %s\n", n, seen, st.where)
	return err
}

// noLiveChecks is the validator of a service that only rotates keys and so
// never validates anything; were it asked, nothing would pass.
var noLiveChecks = powerbi.ValidatorFunc(func(context.Context, powerbi.Settings) powerbi.Report {
	return powerbi.Report{Status: powerbi.StatusSkipped}
})
