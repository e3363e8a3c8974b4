package filestore

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// recordFormat is the version of the record file layout.
const recordFormat = 1

// maxRecordBytes bounds a record file; real ones are a few kilobytes.
const maxRecordBytes = 1 << 20

// fileRecord is the JSON layout of a record file: the fields of
// [powerbi.Record] and nothing else but the format version. Sealed is the
// sealed blob in base64; no secret is ever in plain text here.
type fileRecord struct {
	Format      int             `json:"format"`
	OrgID       string          `json:"orgId"`
	Version     int64           `json:"version"`
	TenantID    string          `json:"tenantId"`
	ClientID    string          `json:"clientId"`
	Scope       string          `json:"scope"`
	WorkspaceID string          `json:"workspaceId"`
	Username    string          `json:"username"`
	Sealed      []byte          `json:"sealed"`
	Validation  *powerbi.Report `json:"validation"`
	CreatedAt   time.Time       `json:"createdAt"`
	CreatedBy   string          `json:"createdBy"`
	UpdatedAt   time.Time       `json:"updatedAt"`
	UpdatedBy   string          `json:"updatedBy"`
}

func encodeRecord(r *powerbi.Record) ([]byte, error) {
	b, err := json.Marshal(fileRecord{
		Format: recordFormat, OrgID: r.OrgID, Version: r.Version, TenantID: r.TenantID,
		ClientID: r.ClientID, Scope: r.Scope, WorkspaceID: r.WorkspaceID, Username: r.Username,
		Sealed: r.Sealed, Validation: r.Validation, CreatedAt: r.CreatedAt,
		CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt, UpdatedBy: r.UpdatedBy,
	})
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// readRecord returns the record of org, or nil if it has none.
func (s *Store) readRecord(org string) (*powerbi.Record, error) {
	b, err := readBounded(s.recordPath(org), maxRecordBytes)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, corrupt("record", org, err)
	}
	var f fileRecord
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, corrupt("record", org, err)
	}
	switch {
	case f.Format != recordFormat:
		return nil, corrupt("record", org, fmt.Errorf("unknown format %d", f.Format))
	case f.OrgID != org:
		return nil, corrupt("record", org, errors.New("file names another organization"))
	case f.Version < 1:
		return nil, corrupt("record", org, fmt.Errorf("version %d", f.Version))
	}
	return &powerbi.Record{
		OrgID: f.OrgID, Version: f.Version, TenantID: f.TenantID, ClientID: f.ClientID,
		Scope: f.Scope, WorkspaceID: f.WorkspaceID, Username: f.Username, Sealed: f.Sealed,
		Validation: f.Validation, CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy,
		UpdatedAt: f.UpdatedAt, UpdatedBy: f.UpdatedBy,
	}, nil
}
