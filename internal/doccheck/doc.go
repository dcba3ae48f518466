// Package doccheck holds a test that keeps the module's promise of a doc
// comment on every exported name and a package doc on every package. It has
// no code of its own.
package doccheck
