// Package editortemp recognises the temporary, swap, lock and backup files
// that editors and operating systems leave beside the files a person edits.
// The watcher never reports them and a build never reads them: one list,
// so that the preview and a clean build agree on which files exist.
package editortemp

import (
	"path"
	"strings"
)

// Is reports whether a base file name is an editor's temporary, swap, lock
// or backup file, or operating system litter:
//
//	.page.md.swp .swo .swx .swn  vim and neovim swap files
//	4913                         vim's probe file before a rename save
//	page.md~                     vim, emacs, nano and helix backups
//	.#page.md #page.md#          emacs lock symlink and auto-save file
//	page.md___jb_tmp___          JetBrains safe write (also ___jb_old___,
//	                             ___jb_bak___ and any ___jb_*___)
//	page.mdXXXXXX.bck            helix backup made while saving
//	page.md.tmp page.md.vsctmp   generic and VS Code atomic-save temporaries
//	.page.md.kate-swp            kate swap file
//	.goutputstream-XXXXXX        gedit and other GIO-based editors
//	.~lock.page.odt#             LibreOffice lock file
//	page.md.crswap               Chromium File System Access temporary
//	.DS_Store Thumbs.db          macOS and Windows folder metadata
//
// Extensions are compared without regard to case.
func Is(name string) bool {
	switch name {
	case "4913", ".DS_Store", "Thumbs.db", "":
		return true
	}
	switch {
	case strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, ".#"),
		len(name) > 1 && name[0] == '#' && strings.HasSuffix(name, "#"),
		strings.HasPrefix(name, ".~lock.") && strings.HasSuffix(name, "#"),
		strings.HasPrefix(name, ".goutputstream-"),
		strings.Contains(name, "___jb_") && strings.HasSuffix(name, "___"):
		return true
	}
	switch path.Ext(strings.ToLower(name)) {
	case ".swp", ".swo", ".swx", ".swn",
		".tmp", ".bck", ".vsctmp", ".kate-swp", ".crswap":
		return true
	}
	return false
}
