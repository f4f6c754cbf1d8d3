//go:build !linux

package main

// isTmpfs reports false: only Linux is asked.
func isTmpfs(string) bool { return false }

// fsKind is not known outside Linux.
func fsKind(string) string { return "file system unknown" }
