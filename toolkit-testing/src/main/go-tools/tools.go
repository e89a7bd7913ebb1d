//go:build tools

// Package tools pins the test tools built by io.capstan.testing.tools.TestTools.
package tools

import (
	_ "github.com/fluxcd/flux2/v2/cmd/flux"
	_ "github.com/getsops/sops/v3/cmd/sops"
	_ "helm.sh/helm/v4/cmd/helm"
)
