//go:build !linux

package main

// isTmpfs reports false: only Linux is asked.
func isTmpfs(string) bool { return false }
