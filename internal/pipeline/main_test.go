package pipeline

import (
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/e2e"
)

// TestMain removes the plugin build and run directories e2e leaves behind.
func TestMain(m *testing.M) { e2e.Main(m) }
