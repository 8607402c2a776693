import { can } from '@itam/domain';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { trpc } from '../api/trpc.ts';
import { AssetForm } from '../assets/AssetForm.tsx';
import { type AssetField, EMPTY_ASSET, toCreateInput } from '../assets/assetForm.ts';
import { assetSaveError } from '../assets/serverErrors.ts';
import { useToast } from '../components/Toasts.tsx';
import { useDocumentTitle } from '../lib/hooks.ts';
import { useUser } from '../session/session.tsx';
import { NoAccess } from './NoAccess.tsx';

export function NewAssetPage() {
  useDocumentTitle('New asset');
  const user = useUser();
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const [errors, setErrors] = useState<Partial<Record<AssetField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const create = trpc.assets.create.useMutation({
    onSuccess: (asset) => {
      utils.assets.get.setData({ id: asset.id }, asset);
      void utils.assets.list.invalidate();
      toast(`Created ${asset.tag}.`);
      navigate(`/assets/${asset.id}`);
    },
    onError: (error) => {
      const { formError, fieldErrors } = assetSaveError(error);
      setFormError(formError);
      setErrors(fieldErrors);
      const first = Object.keys(fieldErrors)[0];
      if (first) document.getElementById(`asset-${first}`)?.focus();
    },
  });

  if (!can(user, 'asset.create')) return <NoAccess />;

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/assets">Assets</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">New</span>
      </nav>
      <div className="page-head">
        <h1>New asset</h1>
      </div>
      <div className="panel">
        <AssetForm
          mode="create"
          initial={EMPTY_ASSET}
          errors={errors}
          formError={formError}
          busy={create.isPending}
          cancel={
            <Link to="/assets" className="button">
              Cancel
            </Link>
          }
          onSubmit={(values) => {
            const result = toCreateInput(values);
            setFormError(null);
            if (!result.ok) {
              setErrors(result.errors);
              return result.errors;
            }
            setErrors({});
            create.mutate(result.value);
            return undefined;
          }}
        />
      </div>
    </>
  );
}
