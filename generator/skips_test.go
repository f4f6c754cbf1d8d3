package main

import (
	"os"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitecheck"
)

func TestMain(m *testing.M) { os.Exit(sitecheck.RunReportingSkips(m, "generator")) }
