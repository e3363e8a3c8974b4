// Package memstore keeps Power BI settings records in memory. It implements
// [powerbi.Store] for tests, demos and single-process hosts that can afford
// to lose everything on restart.
//
// # Copies
//
// A [Store] copies every record and event on the way in and on the way out,
// so a caller can never change what is stored by changing a value it wrote
// or read.
//
// # Durability
//
// None: the data lives as long as the Store. Use the filestore or sqlstore
// packages to keep settings across restarts.
package memstore
