package hints

import (
	"context"
	"net/url"
)

// Pet is a pet of the store.
type Pet struct {
	Name string `json:"name"`
}

// Store has the slips a newcomer makes copying names from an API's documentation.
type Store interface {
	// The variable differs from the parameter in case only.
	//
	//feign:requestLine GET /pet/{petId}
	GetPet(ctx context.Context, petID int64) (*Pet, error)

	// And in underscores.
	//
	//feign:requestLine DELETE /pet/{petID}
	//feign:headers X-Api-Key: {api_key}
	DeletePet(ctx context.Context, petID int64, apiKey string) error

	// Both ways at once name two candidates.
	//
	//feign:requestLine GET /find/{PET_ID}
	Find(ctx context.Context, petID int64, pet_id string) (*Pet, error)

	// A map named in the wrong case.
	//
	//feign:requestLine GET /search
	//feign:queryMap Filter
	Search(ctx context.Context, filter url.Values) ([]Pet, error)

	// A parameter beside the body is likely a query pair.
	//
	//feign:requestLine POST /pet/{petID}/uploadImage
	UploadImage(ctx context.Context, petID int64, image []byte, name string) error

	// After a query, the pair continues it.
	//
	//feign:requestLine POST /pet?dryRun={dryRun}
	AddPet(ctx context.Context, dryRun bool, pet Pet, status string) error

	// Under a body template, the parameter may also be a variable of it.
	//
	//feign:requestLine PUT /pet/{petID}
	//feign:headers Content-Type: application/json
	//feign:body {"name": "{name}"}
	Rename(ctx context.Context, petID int64, name, tag string) error

	// A second struct beside the body could be a queryMap.
	//
	//feign:requestLine PUT /pets
	Replace(ctx context.Context, pet Pet, filter Pet) error

	// A name that matches nothing gets no guess.
	//
	//feign:requestLine GET /pet/{id}
	Guess(ctx context.Context, petID int64) (*Pet, error)
}
