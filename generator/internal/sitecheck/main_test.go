package sitecheck

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) { os.Exit(RunReportingSkips(m, "generator/internal/sitecheck")) }
