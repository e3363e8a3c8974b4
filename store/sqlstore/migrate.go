package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// migrationFiles holds one directory of migrations per dialect. A file is
// named NNNN_what.sql; its statements are separated by a ; at the end of a
// line, and every one of them must be safe to run twice (IF NOT EXISTS).
//
//go:embed migrations
var migrationFiles embed.FS

// migrationsTable records which migrations a database has. Inserting a
// version row is what commits a migration; a racing instance that finds the
// row already there treats the migration as applied.
var migrationsTable = map[Dialect]string{
	SQLite: `CREATE TABLE IF NOT EXISTS pbiconnect_migrations (
		version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
	Postgres: `CREATE TABLE IF NOT EXISTS pbiconnect_migrations (
		version BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
	MySQL: `CREATE TABLE IF NOT EXISTS pbiconnect_migrations (
		version BIGINT NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL,
		applied_at DATETIME(6) NOT NULL) ENGINE = InnoDB`,
}

// migrateAttempts bounds how often migrate starts over after losing a race
// with another instance.
const migrateAttempts = 5

// migration is one embedded migration file.
type migration struct {
	version int64
	name    string
	stmts   []string
}

// migrations returns the migrations of d in version order.
func migrations(d Dialect) ([]migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := migrationFiles.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		version, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: name is not NNNN_what.sql", e.Name())
		}
		text, err := migrationFiles.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, migration{version, e.Name(), statements(string(text))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// statements splits a migration file at the semicolons that end a line and
// drops comment lines.
func statements(text string) []string {
	var out []string
	var cur strings.Builder
	for line := range strings.Lines(text) {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") {
			continue
		}
		cur.WriteString(line)
		if strings.HasSuffix(trimmed, ";") {
			stmt := strings.TrimSuffix(strings.TrimSpace(cur.String()), ";")
			out = append(out, stmt)
			cur.Reset()
		}
	}
	if rest := strings.TrimSpace(cur.String()); rest != "" {
		out = append(out, rest)
	}
	return out
}

// migrate applies the migrations the database lacks. Another instance may
// be doing the same: when a step loses that race, migrate starts over and
// finds the step done.
func (s *Store) migrate(ctx context.Context) error {
	all, err := migrations(s.dialect)
	if err != nil {
		return err
	}
	return retry(ctx, migrateAttempts, s.dialect.isRace,
		func() error { return s.migrateOnce(ctx, all) })
}

func (s *Store) migrateOnce(ctx context.Context, all []migration) error {
	if _, err := s.db.ExecContext(ctx, migrationsTable[s.dialect]); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	applied, err := s.appliedVersions(ctx)
	if err != nil {
		return err
	}
	for _, m := range all {
		if applied[m.version] {
			continue
		}
		if err := s.apply(ctx, m); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
	}
	return nil
}

func (s *Store) appliedVersions(ctx context.Context) (map[int64]bool, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT version FROM pbiconnect_migrations")
	if err != nil {
		return nil, fmt.Errorf("read applied migrations: %w", err)
	}
	defer rows.Close()
	applied := map[int64]bool{}
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read applied migrations: %w", err)
		}
		applied[v] = true
	}
	return applied, rows.Err()
}

// apply runs one migration and records it in one transaction. MySQL
// commits each DDL statement on its own; there the IF NOT EXISTS clauses
// make a half-applied migration safe to run again.
func (s *Store) apply(ctx context.Context, m migration) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, stmt := range m.stmts {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, s.dialect.rebind(
		"INSERT INTO pbiconnect_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
		m.version, m.name, s.dialect.timeArg(time.Now()))
	if s.dialect.isUnique(err) {
		return nil // another instance applied it first
	}
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "sqlstore migration applied", "version", m.version, "name", m.name)
	return nil
}
