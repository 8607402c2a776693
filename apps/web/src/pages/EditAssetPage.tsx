import { type AssetPatch, can } from '@itam/domain';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isNotFound } from '../api/errors.ts';
import { type AssetView, trpc } from '../api/trpc.ts';
import { AssetForm } from '../assets/AssetForm.tsx';
import { type AssetField, toPatch, valuesFromAsset } from '../assets/assetForm.ts';
import { assetSaveError } from '../assets/serverErrors.ts';
import { useAsset } from '../assets/useAsset.ts';
import { FormPage, useFormErrors } from '../components/FormPage.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { useToast } from '../components/Toasts.tsx';
import { useDocumentTitle } from '../lib/hooks.ts';
import { useUser } from '../session/session.tsx';
import { AssetNotFound } from './AssetNotFound.tsx';
import { NoAccess } from './NoAccess.tsx';

export function EditAssetPage() {
  const { id } = useParams();
  const user = useUser();
  const { query, valid } = useAsset(id);
  useDocumentTitle(query.data ? `Edit ${query.data.tag}` : 'Edit asset');

  if (!can(user, 'asset.update')) return <NoAccess />;
  if (!valid || (query.isError && isNotFound(query.error))) return <AssetNotFound />;
  if (query.isPending) return <Loading label="Loading asset…" />;
  if (!query.data) {
    return (
      <ErrorState
        error={query.error}
        title="The asset could not be loaded."
        onRetry={() => void query.refetch()}
      />
    );
  }
  // Keyed by id: the form starts from the asset as loaded and is not reset by live refreshes.
  return <EditAsset key={query.data.id} asset={query.data} />;
}

function EditAsset({ asset }: { asset: AssetView }) {
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const [original] = useState(asset);
  const form = useFormErrors<Partial<Record<AssetField, string>>>();
  const back = `/assets/${asset.id}`;

  const update = trpc.assets.update.useMutation({
    onSuccess: (saved) => {
      utils.assets.get.setData({ id: saved.id }, saved);
      void utils.assets.list.invalidate();
      void utils.assets.history.invalidate({ id: saved.id });
      toast(`Saved ${saved.tag}.`);
      navigate(back);
    },
    onError: (error) => form.showServerError(assetSaveError(error)),
  });

  const save = (patch: AssetPatch) => {
    if (Object.keys(patch).length === 0) {
      toast('Nothing to save: no field changed.', 'info');
      navigate(back);
      return;
    }
    update.mutate({ id: original.id, patch });
  };

  return (
    <FormPage
      crumbs={[
        { to: '/assets', label: 'Assets' },
        { to: back, label: asset.tag },
      ]}
      current="Edit"
      title={`Edit ${asset.tag}`}
    >
      <AssetForm
        mode="edit"
        initial={valuesFromAsset(original)}
        errors={form.errors}
        formError={form.formError}
        busy={update.isPending}
        cancel={
          <Link to={back} className="button">
            Cancel
          </Link>
        }
        onSubmit={(values) => form.check(toPatch(original, values), save)}
      />
    </FormPage>
  );
}
