-- AlterTable
ALTER TABLE "BoardCheckpoint" ADD COLUMN     "authors" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'auto',
ADD COLUMN     "name" TEXT;

