package main

import (
	"os"
	"testing"

	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitecheck"
	"github.com/nuhw-explainer/kpstrikes/generator/internal/sitetest"
)

func TestMain(m *testing.M) {
	os.Exit(sitetest.Main(func() int { return sitecheck.RunReportingSkips(m, "generator") }))
}
