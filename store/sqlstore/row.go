package sqlstore

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// scanRecord reads the recordColumns of one row.
func scanRecord(row scanner) (*powerbi.Record, error) {
	var r powerbi.Record
	var validation sql.NullString
	err := row.Scan(&r.OrgID, &r.Version, &r.TenantID, &r.ClientID, &r.Scope, &r.WorkspaceID,
		&r.Username, &r.Sealed, &validation, timeDest{&r.CreatedAt}, &r.CreatedBy,
		timeDest{&r.UpdatedAt}, &r.UpdatedBy)
	if err != nil {
		return nil, err
	}
	if len(r.Sealed) == 0 {
		r.Sealed = nil
	}
	if validation.Valid {
		r.Validation = new(powerbi.Report)
		if err := json.Unmarshal([]byte(validation.String), r.Validation); err != nil {
			return nil, fmt.Errorf("decode validation report of %q: %w", r.OrgID, err)
		}
	}
	return &r, nil
}

// recordArgs returns the values of rec in recordColumns order.
func recordArgs(d Dialect, rec *powerbi.Record) ([]any, error) {
	var validation sql.NullString
	if rec.Validation != nil {
		b, err := json.Marshal(rec.Validation)
		if err != nil {
			return nil, fmt.Errorf("encode validation report: %w", err)
		}
		validation = sql.NullString{String: string(b), Valid: true}
	}
	sealed := rec.Sealed
	if sealed == nil {
		sealed = []byte{} // the column is NOT NULL
	}
	return []any{rec.OrgID, rec.Version, rec.TenantID, rec.ClientID, rec.Scope,
		rec.WorkspaceID, rec.Username, sealed, validation, d.timeArg(rec.CreatedAt),
		rec.CreatedBy, d.timeArg(rec.UpdatedAt), rec.UpdatedBy}, nil
}

// scanEvent reads the eventColumns of one row.
func scanEvent(row scanner) (powerbi.Event, error) {
	var ev powerbi.Event
	var action, fields string
	if err := row.Scan(&ev.OrgID, &ev.Version, &action, &ev.Actor, timeDest{&ev.At},
		&fields); err != nil {
		return ev, err
	}
	ev.Action = powerbi.Action(action)
	if err := json.Unmarshal([]byte(fields), &ev.Fields); err != nil {
		return ev, fmt.Errorf("decode fields of event of %q: %w", ev.OrgID, err)
	}
	return ev, nil
}

// eventArgs returns the values of ev in eventColumns order, for orgID.
func eventArgs(d Dialect, orgID string, ev powerbi.Event) ([]any, error) {
	fields, err := json.Marshal(ev.Fields)
	if err != nil {
		return nil, fmt.Errorf("encode event fields: %w", err)
	}
	return []any{orgID, ev.Version, string(ev.Action), ev.Actor, d.timeArg(ev.At),
		string(fields)}, nil
}

// timeDest scans a time column of any dialect into a UTC time: a
// time.Time from drivers that parse times, or text from those that do not
// (SQLite here; MySQL without parseTime).
type timeDest struct{ t *time.Time }

// textLayouts are the text forms a time column may come back in.
var textLayouts = []string{timeLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999",
	"2006-01-02 15:04:05.999999999-07:00"}

// Scan implements sql.Scanner.
func (d timeDest) Scan(src any) error {
	var text string
	switch v := src.(type) {
	case time.Time:
		*d.t = v.UTC()
		return nil
	case string:
		text = v
	case []byte:
		text = string(v)
	default:
		return fmt.Errorf("cannot read a time from %T", src)
	}
	for _, layout := range textLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			*d.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot read a time from %q", text)
}
