//! Reading Backstage catalog files (`catalog-info.yaml`): placeholder, being written.
