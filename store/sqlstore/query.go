package sqlstore

// recordColumns are the columns of pbiconnect_records in the order that
// scanRecord and recordArgs use.
const recordColumns = `org_id, version, tenant_id, client_id, scope, workspace_id, username,
	sealed, validation, created_at, created_by, updated_at, updated_by`

const eventColumns = `org_id, version, action, actor, at, fields`

// queries holds the statements of a Store with the placeholders of its
// dialect.
type queries struct {
	get, list, listLimit    string
	history, historyLimit   string
	insert, update, version string
	remove, insertEvent     string
}

func newQueries(d Dialect) queries {
	const sel = "SELECT " + recordColumns + " FROM pbiconnect_records "
	const hist = "SELECT " + eventColumns + " FROM pbiconnect_events WHERE org_id = ? ORDER BY id DESC"
	return queries{
		get:          d.rebind(sel + "WHERE org_id = ?"),
		list:         d.rebind(sel + "WHERE org_id > ? ORDER BY org_id"),
		listLimit:    d.rebind(sel + "WHERE org_id > ? ORDER BY org_id LIMIT ?"),
		history:      d.rebind(hist),
		historyLimit: d.rebind(hist + " LIMIT ?"),
		insert: d.rebind("INSERT INTO pbiconnect_records (" + recordColumns + `)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		// The version check is part of the UPDATE, so of two writers that
		// read the same version exactly one changes a row.
		update: d.rebind(`UPDATE pbiconnect_records SET version = ?, tenant_id = ?,
			client_id = ?, scope = ?, workspace_id = ?, username = ?, sealed = ?,
			validation = ?, created_at = ?, created_by = ?, updated_at = ?, updated_by = ?
			WHERE org_id = ? AND version = ?`),
		version: d.rebind("SELECT version FROM pbiconnect_records WHERE org_id = ?"),
		remove:  d.rebind("DELETE FROM pbiconnect_records WHERE org_id = ? AND version = ?"),
		insertEvent: d.rebind("INSERT INTO pbiconnect_events (" + eventColumns + `)
			VALUES (?, ?, ?, ?, ?, ?)`),
	}
}
