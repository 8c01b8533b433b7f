package cli

import (
	"github.com/gofeign/feign/internal/diag"
	"github.com/gofeign/feign/internal/model"
	"github.com/gofeign/feign/internal/openapi"
	"github.com/gofeign/feign/internal/write"
)

// addDocument adds the OpenAPI document of models, written to path, to files, so that
// -check compares it and a run writes it like any generated file. A document at path
// that feigngen did not write is the user's and is never overwritten.
func addDocument(files map[string][]byte, models []*model.Package, path string) diag.List {
	var diags diag.List
	pos := diag.PackagePos(path)
	format, err := openapi.FormatFor(path)
	if err != nil {
		diags.Addf(pos, "-openapi: %v", err)
		return diags
	}
	foreign, err := write.Foreign([]string{path})
	if err != nil {
		diags.Addf(pos, "-openapi: %v", err)
		return diags
	}
	if len(foreign) > 0 {
		diags.Addf(pos, "exists and was not written by feigngen (a YAML document starts with %q, a JSON one has info.x-generated-by %q), so it is never overwritten: choose another -openapi file, or move it away", write.DocumentHeader, write.DocumentGenerator)
		return diags
	}
	doc, diags, err := openapi.Document(models, format)
	if err != nil {
		diags.Addf(pos, "-openapi: %v", err)
	}
	if len(diags) == 0 {
		files[path] = doc
	}
	return diags
}
