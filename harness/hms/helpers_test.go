package hms_test

import (
	"testing"

	"github.com/fullstack-lab/fullstack-lab/harness"
)

func TestMain(m *testing.M) { harness.Main(m) }
